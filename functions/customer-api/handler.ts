// API Gateway (REST, Lambda proxy) → the customer API: customer 360, timeline, /me.
// Thin on purpose: configuration and clients once per cold start, routing and rules in shared/.
import { CustomerRecordsReader } from '../../shared/adapters/customer-records-reader';
import { CustomerScopeReader } from '../../shared/adapters/customer-scope';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { SegmentConfigStore } from '../../shared/adapters/segment-config';
import { SegmentStore } from '../../shared/adapters/segment-store';
import { stageSegmentParameters } from '../../shared/segmentation/stage-parameters';
import { requiredEnv } from '../../shared/runtime/env';
import { apiHandler } from '../../shared/runtime/api-handler';
import { stageDataProtection } from '../../shared/runtime/data-protection';
import { tracer } from '../../shared/runtime/observability';
import { customerApiBindings } from './routes';

const client = tracer.captureAWSv3Client(dynamoDbClient());
const tableName = requiredEnv('TABLE_NAME');
const config = new SegmentConfigStore(client, tableName, stageSegmentParameters());
const scopes = new CustomerScopeReader(client, tableName);
export const handler = apiHandler(
  customerApiBindings({
    reader: new CustomerRecordsReader(client, tableName),
    segments: new SegmentStore(client, tableName),
    serviceLevels: async () => (await config.current()).parameters.serviceLevels,
  }),
  stageDataProtection(client, { customer: (id) => scopes.scopeOf(id) }),
);
