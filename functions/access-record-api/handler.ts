// API Gateway (REST, Lambda proxy) → the access record: compliance's lists and GET /me/accesses.
// The function may Query the access-record table and nothing else (infra/constructs/access-record.ts).
import { AccessRecordReader } from '../../shared/adapters/access-record-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { apiHandler } from '../../shared/runtime/api-handler';
import { requiredEnv } from '../../shared/runtime/env';
import { tracer } from '../../shared/runtime/observability';
import { accessRecordApiBindings } from './routes';

const client = tracer.captureAWSv3Client(dynamoDbClient());
export const handler = apiHandler(accessRecordApiBindings({ reader: new AccessRecordReader(client, requiredEnv('ACCESS_RECORD_TABLE_NAME')) }));
