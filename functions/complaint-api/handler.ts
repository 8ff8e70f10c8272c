// API Gateway (REST, Lambda proxy) → the complaint API. Thin on purpose: configuration and clients once
// per cold start; routing, validation and authorization in shared/http, the rules in the domain.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CustomerRecordsFacts } from '../../shared/adapters/complaint-customer-facts';
import { EventBridgeComplaintEvents } from '../../shared/adapters/complaint-event-publisher';
import { complaintSettingsFrom } from '../../shared/adapters/complaint-settings';
import { segmentationServiceLevels } from '../../shared/adapters/complaint-service-levels';
import { ComplaintStore } from '../../shared/adapters/complaint-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { requiredEnv } from '../../shared/runtime/env';
import { apiHandler } from '../../shared/runtime/api-handler';
import { tracer } from '../../shared/runtime/observability';
import { complaintApiBindings } from './routes';

const dynamo = tracer.captureAWSv3Client(dynamoDbClient());
export const handler = apiHandler(
  complaintApiBindings({
    store: new ComplaintStore(dynamo, requiredEnv('COMPLAINTS_TABLE_NAME')),
    facts: new CustomerRecordsFacts(dynamo, requiredEnv('CUSTOMER_RECORDS_TABLE_NAME')),
    events: new EventBridgeComplaintEvents(tracer.captureAWSv3Client(new EventBridgeClient({})), requiredEnv('EVENT_BUS_NAME')),
    settings: complaintSettingsFrom(process.env),
    serviceLevels: segmentationServiceLevels(dynamo, requiredEnv('CUSTOMER_RECORDS_TABLE_NAME')),
    now: () => new Date().toISOString(),
  }),
);
