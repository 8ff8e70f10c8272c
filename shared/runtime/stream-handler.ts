// The Lambda handler a DynamoDB stream consumer exports, as sqsHandler is for SQS: one Powertools chain
// and one poison-record policy. `processRecord` returns what became of a record. A record that can never
// succeed is rejected: its keys (never its image, which holds personal data) and the reason go to the
// consumer's rejected-records queue, and it counts as handled, so the shard moves on. A record whose
// processing throws becomes a batch item failure: the mapping retries from the lowest one (records after
// it that had succeeded come again, so processing must be idempotent), halving the batch, then describes
// it to the mapping's on-failure queue.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { RejectedEventsQueue } from '../adapters/rejected-events';
import { logger, metrics, tracer } from './observability';
import type { RecordOutcome } from './sqs-handler';

export type StreamRecordProcessor = (record: DynamoDBRecord, context: Context) => Promise<RecordOutcome | RecordOutcome[]>;

export function streamHandler(processRecord: StreamRecordProcessor, rejected: RejectedEventsQueue) {
  const handleRecord = async (record: DynamoDBRecord, context: Context) => {
    const outcomes = [await processRecord(record, context)].flat();
    for (const outcome of outcomes) {
      if ('reject' in outcome) {
        const body = JSON.stringify({ eventID: record.eventID, eventName: record.eventName, keys: record.dynamodb?.Keys, sequenceNumber: record.dynamodb?.SequenceNumber });
        await rejected.reject({ body, reason: outcome.reject, messageId: record.eventID ?? record.dynamodb?.SequenceNumber ?? 'unknown' });
        logger.warn('Stream record rejected', { sequenceNumber: record.dynamodb?.SequenceNumber, reason: outcome.reject });
      }
      metrics.addMetric(outcome.metric, MetricUnit.Count, 'count' in outcome && outcome.count !== undefined ? outcome.count : 1);
    }
  };
  // A processor per invocation: it holds the batch's records and failures, and one handler module may
  // serve invocations side by side (the local runtime, tests), where a shared one would mix batches.
  return middy((event: DynamoDBStreamEvent, ctx: Context) =>
    processPartialResponse(event, (record: DynamoDBRecord) => handleRecord(record, ctx), new BatchProcessor(EventType.DynamoDBStreams), { context: ctx }),
  )
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
