// EventBridge schedule → a recalibration run: the run item and one SCAN message per index segment.
// The run id is the schedule's time, so a duplicate delivery of the same tick starts nothing twice.
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ScheduledEvent } from 'aws-lambda';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { SegmentIndexStore } from '../../shared/adapters/segment-index-store';
import { SqsWorkQueue } from '../../shared/adapters/segment-work-queue';
import { DEFAULT_TOTAL_SEGMENTS, startRecalibration } from '../../shared/segmentation/recalibration';
import { optionalEnv, requiredEnv } from '../../shared/runtime/env';
import { logger } from '../../shared/runtime/observability';

const index = new SegmentIndexStore(dynamoDbClient(), requiredEnv('TABLE_NAME'));
const queue = new SqsWorkQueue(new SQSClient({ maxAttempts: 5 }), requiredEnv('WORK_QUEUE_URL'));
const totalSegments = Number(optionalEnv('SCAN_SEGMENTS', String(DEFAULT_TOTAL_SEGMENTS)));

export const handler = async (event: Partial<ScheduledEvent>) => {
  const runId = event.time ?? new Date().toISOString();
  const result = await startRecalibration({ index, queue }, runId, totalSegments, new Date().toISOString());
  logger.info('Recalibration run', { runId, totalSegments, ...result });
  return { runId, ...result };
};
