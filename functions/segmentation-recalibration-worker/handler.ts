// The recalibration work queue → one piece of work per message (scan a segment, finalize, move a key
// range, reassign a departed manager's customers), each continuing in a new message near the timeout.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { SegmentConfigStore } from '../../shared/adapters/segment-config';
import { EventBridgeSegmentEvents } from '../../shared/adapters/segment-events';
import { SegmentIndexStore } from '../../shared/adapters/segment-index-store';
import { SegmentStore } from '../../shared/adapters/segment-store';
import { SqsWorkQueue } from '../../shared/adapters/segment-work-queue';
import { handleWork } from '../../shared/segmentation/recalibration';
import { WorkMessage } from '../../shared/segmentation/recalibration-messages';
import { stageSegmentParameters } from '../../shared/segmentation/stage-parameters';
import { requiredEnv } from '../../shared/runtime/env';
import { logger } from '../../shared/runtime/observability';

const tableName = requiredEnv('TABLE_NAME');
const client = dynamoDbClient();
const store = new SegmentStore(client, tableName);
const index = new SegmentIndexStore(client, tableName);
const config = new SegmentConfigStore(client, tableName, stageSegmentParameters());
const queue = new SqsWorkQueue(new SQSClient({ maxAttempts: 5 }), requiredEnv('WORK_QUEUE_URL'));
const events = new EventBridgeSegmentEvents(new EventBridgeClient({ maxAttempts: 5 }), requiredEnv('EVENT_BUS_NAME'));

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    let message: WorkMessage;
    try {
      message = WorkMessage.parse(JSON.parse(record.body));
    } catch {
      // Not ours to retry: the DLQ keeps it for a person.
      logger.error('Unreadable work message', { messageId: record.messageId });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      await handleWork({ store, index, config, queue, events, now: () => new Date(), remainingMs: () => context.getRemainingTimeInMillis() }, message);
      logger.info('Work done', { kind: message.kind });
    } catch (error) {
      logger.warn('Work failed, will be retried', { kind: message.kind, errorName: (error as Error).name, errorMessage: (error as Error).message });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
