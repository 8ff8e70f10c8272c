// What an API function serving personal data needs for need-to-know and the access record, from its
// environment as infra/constructs/access-record.ts sets it: the access-record table (PutItem only), the
// stage's retention period, and the stage's pseudonym key.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { AccessRecordWriter } from '../adapters/access-record-store';
import type { ScopeFacts } from '../data-protection/need-to-know';
import { BREAK_GLASS_METRIC } from '../data-protection/break-glass';
import { pseudonymiser } from '../data-protection/pseudonyms';
import type { DataProtection } from '../http/router';
import { requiredEnv } from './env';
import { metrics } from './observability';


export function stageDataProtection(client: DynamoDBClient, facts: ScopeFacts): DataProtection {
  const retentionDays = Number(requiredEnv('ACCESS_RECORD_RETENTION_DAYS'));
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new Error('ACCESS_RECORD_RETENTION_DAYS must be a whole number of days');
  return {
    facts,
    recorder: new AccessRecordWriter(client, requiredEnv('ACCESS_RECORD_TABLE_NAME'), retentionDays),
    pseudonyms: pseudonymiser(requiredEnv('PSEUDONYM_KEY')),
    onBreakGlass: () => metrics.addMetric(BREAK_GLASS_METRIC, MetricUnit.Count, 1),
  };
}
