// API Gateway (REST, Lambda proxy) → the complaint API. Thin on purpose: configuration and clients once
// per cold start; routing, validation and authorization in shared/http, the rules in the domain.
import { CustomerRecordsFacts } from '../../shared/adapters/complaint-customer-facts';
import { CalendarInForce, ComplaintCalendarStore } from '../../shared/adapters/complaint-calendars';
import { complaintSettingsFrom } from '../../shared/adapters/complaint-settings';
import { segmentationServiceLevels } from '../../shared/adapters/complaint-service-levels';
import { ComplaintStore } from '../../shared/adapters/complaint-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { requiredEnv } from '../../shared/runtime/env';
import { apiHandler } from '../../shared/runtime/api-handler';
import { tracer } from '../../shared/runtime/observability';
import { complaintApiBindings } from './routes';

const dynamo = tracer.captureAWSv3Client(dynamoDbClient());
const settings = complaintSettingsFrom(process.env);
const complaintsTable = requiredEnv('COMPLAINTS_TABLE_NAME');
export const handler = apiHandler(
  complaintApiBindings({
    store: new ComplaintStore(dynamo, complaintsTable),
    facts: new CustomerRecordsFacts(dynamo, requiredEnv('CUSTOMER_RECORDS_TABLE_NAME')),
    settings,
    calendar: new CalendarInForce(new ComplaintCalendarStore(dynamo, complaintsTable), settings.jurisdiction, settings.extraDays),
    serviceLevels: segmentationServiceLevels(dynamo, requiredEnv('CUSTOMER_RECORDS_TABLE_NAME')),
    now: () => new Date().toISOString(),
  }),
);
