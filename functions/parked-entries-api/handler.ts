// API Gateway (REST, Lambda proxy) → GET /admin/parked-entries. Thin: clients and configuration once
// per cold start, the rule in shared/accounts.
import { ParkedEntries } from '../../shared/accounts/adapters/parked-entries';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { requiredEnv } from '../../shared/runtime/env';
import { apiHandler } from '../../shared/runtime/api-handler';
import { tracer } from '../../shared/runtime/observability';
import { parkedEntriesApiBindings } from './routes';

export const handler = apiHandler(
  parkedEntriesApiBindings({
    parked: new ParkedEntries(tracer.captureAWSv3Client(dynamoDbClient()), requiredEnv('TABLE_NAME')),
    alarmAfterHours: Number(requiredEnv('PARKED_ENTRY_ALARM_AFTER_HOURS')),
    now: () => new Date(),
  }),
);
