// API Gateway (REST, Lambda proxy) → the customer API: customer 360, timeline, /me.
// Thin on purpose: configuration and clients once per cold start, routing and rules in shared/.
import { CustomerRecordsReader } from '../../shared/adapters/customer-records-reader';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { SegmentStore } from '../../shared/adapters/segment-store';
import { requiredEnv } from '../../shared/runtime/env';
import { apiHandler } from '../../shared/runtime/api-handler';
import { tracer } from '../../shared/runtime/observability';
import { customerApiBindings } from './routes';

const client = tracer.captureAWSv3Client(dynamoDbClient());
export const handler = apiHandler(
  customerApiBindings({
    reader: new CustomerRecordsReader(client, requiredEnv('TABLE_NAME')),
    segments: new SegmentStore(client, requiredEnv('TABLE_NAME')),
  }),
);
