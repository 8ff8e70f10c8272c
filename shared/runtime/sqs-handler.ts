// The Lambda handler every SQS consumer exports: one Powertools chain and one poison-message policy.
// `processRecord` returns what became of a record. A record that can never succeed is rejected: it goes
// to the consumer's dead-letter queue at once with its reason (field names, never values) and counts as
// handled, so the rest of the batch goes on and it is not retried forever. A record whose processing
// throws (throttling, a network fault) becomes a batch item failure and SQS delivers it again, up to
// the queue's maxReceiveCount, then to the same dead-letter queue.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import type { RejectedEventsQueue } from '../adapters/rejected-events';
import { logger, metrics, tracer } from './observability';

/** What became of one record: counted under `metric`, or rejected with a reason naming fields. */
export type RecordOutcome = { metric: string; count?: number } | { reject: string; metric: string };

export type SqsRecordProcessor = (record: SQSRecord, context: Context) => Promise<RecordOutcome | RecordOutcome[]>;

const errorSummary = (error: unknown) =>
  error instanceof Error ? { name: error.name, message: error.message.slice(0, 300) } : { name: typeof error, message: '' };

export function sqsHandler(processRecord: SqsRecordProcessor, rejected: RejectedEventsQueue) {
  const handleRecord = async (record: SQSRecord, context: Context) => {
    let outcomes: RecordOutcome[];
    try {
      outcomes = [await processRecord(record, context)].flat();
    } catch (error) {
      // Powertools reports a failed record only as a count; without this line a batch that fails
      // whole says nothing of why. Error names and SDK messages name operations, not record values.
      logger.error('Record failed; SQS delivers it again', { messageId: record.messageId, error: errorSummary(error) });
      throw error;
    }
    for (const outcome of outcomes) {
      if ('reject' in outcome) {
        await rejected.reject({ body: record.body, reason: outcome.reject, messageId: record.messageId });
        logger.warn('Message rejected to the dead-letter queue', { messageId: record.messageId, reason: outcome.reject });
      }
      metrics.addMetric(outcome.metric, MetricUnit.Count, 'count' in outcome && outcome.count !== undefined ? outcome.count : 1);
    }
  };
  // A processor per invocation, and the context passed along rather than kept: one handler module may
  // serve invocations side by side (the local runtime, tests), where shared state would mix batches.
  return middy((event: SQSEvent, ctx: Context) =>
    processPartialResponse(event, (record: SQSRecord) => handleRecord(record, ctx), new BatchProcessor(EventType.SQS), { context: ctx }),
  )
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}
