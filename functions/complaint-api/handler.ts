// API Gateway (REST, Lambda proxy) → the complaint API. Thin on purpose: configuration and clients once
// per cold start; routing, validation and authorization in shared/http, the rules in the domain.
import { CustomerRecordsFacts } from '../../shared/adapters/complaint-customer-facts';
import { CalendarInForce, ComplaintCalendarStore } from '../../shared/adapters/complaint-calendars';
import { complaintSettingsFrom } from '../../shared/adapters/complaint-settings';
import { segmentationServiceLevels } from '../../shared/adapters/complaint-service-levels';
import { ComplaintStore } from '../../shared/adapters/complaint-store';
import { CustomerScopeReader } from '../../shared/adapters/customer-scope';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { requiredEnv } from '../../shared/runtime/env';
import { apiHandler } from '../../shared/runtime/api-handler';
import { stageDataProtection } from '../../shared/runtime/data-protection';
import { tracer } from '../../shared/runtime/observability';
import { complaintApiBindings } from './routes';

const dynamo = tracer.captureAWSv3Client(dynamoDbClient());
const settings = complaintSettingsFrom(process.env);
const complaintsTable = requiredEnv('COMPLAINTS_TABLE_NAME');
const customerRecords = requiredEnv('CUSTOMER_RECORDS_TABLE_NAME');
// Need-to-know for a complaint filed on a customer's behalf: where the customer sits (one projected Query).
const scopes = new CustomerScopeReader(dynamo, customerRecords);
export const handler = apiHandler(
  complaintApiBindings({
    store: new ComplaintStore(dynamo, complaintsTable),
    facts: new CustomerRecordsFacts(dynamo, customerRecords),
    settings,
    calendar: new CalendarInForce(new ComplaintCalendarStore(dynamo, complaintsTable), settings.jurisdiction, settings.extraDays),
    serviceLevels: segmentationServiceLevels(dynamo, customerRecords),
    now: () => new Date().toISOString(),
  }),
  stageDataProtection(dynamo, { customer: (id) => scopes.scopeOf(id) }),
);
