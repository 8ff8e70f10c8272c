// DynamoDB stream (keys only, filtered to figure-bearing items) → re-evaluated customers, published
// segment changes. Thin: clients and configuration once per cold start, the work in shared/segmentation.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { SegmentConfigStore } from '../../shared/adapters/segment-config';
import { EventBridgeSegmentEvents } from '../../shared/adapters/segment-events';
import { SegmentStore } from '../../shared/adapters/segment-store';
import { LoadInProgress } from '../../shared/initial-load/adapters/load-in-progress';
import { stageSegmentParameters } from '../../shared/segmentation/stage-parameters';
import { reevaluateStreamBatch } from '../../shared/segmentation/stream-batch';
import { RosterCache } from '../../shared/segmentation/settle-assignment';
import { requiredEnv } from '../../shared/runtime/env';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../../shared/runtime/observability';

const tableName = requiredEnv('TABLE_NAME');
const client = dynamoDbClient();
const config = new SegmentConfigStore(client, tableName, stageSegmentParameters());
const events = new EventBridgeSegmentEvents(new EventBridgeClient({ maxAttempts: 5 }), requiredEnv('EVENT_BUS_NAME'));
const loadInProgress = new LoadInProgress(client, tableName);

export const handler = async (event: DynamoDBStreamEvent) => {
  // An initial load assesses every customer once when it has written its ranges (shared/initial-load).
  if (await loadInProgress.active()) return { batchItemFailures: [] };
  const store = new SegmentStore(client, tableName);
  const result = await reevaluateStreamBatch(event.Records, {
    store,
    config,
    rosters: new RosterCache(store),
    events,
    now: new Date(),
    log: { warn: (message, data) => logger.warn(message, data) },
  });
  logger.info('Stream batch re-evaluated', { records: event.Records.length, customers: result.outcomes.size, published: result.published, failed: result.batchItemFailures.length });
  // The dashboard's "segment changes" figure (a count, no customer in it).
  metrics.addMetric('SegmentChangesPublished', MetricUnit.Count, result.published);
  metrics.publishStoredMetrics();
  return { batchItemFailures: result.batchItemFailures };
};
