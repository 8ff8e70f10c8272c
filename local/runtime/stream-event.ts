// The DynamoDB Streams event Lambda's event source mapping hands a function, built as Lambda builds
// it, and where the mapping resumes after a partial failure.
import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { FunctionAnswer } from './sqs-event';

export function streamRecord(record: StreamRecord, streamArn: string, region: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      // Lambda sends epoch seconds; the SDK hands us a Date.
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      Keys: d.Keys as never,
      ...(d.NewImage ? { NewImage: d.NewImage as never } : {}),
      ...(d.OldImage ? { OldImage: d.OldImage as never } : {}),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType as never,
    },
    eventSourceARN: streamArn,
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
  };
}

export const streamEvent = (records: StreamRecord[], streamArn: string, region: string): DynamoDBStreamEvent => ({
  Records: records.map((r) => streamRecord(r, streamArn, region)),
});

export type StreamBatchOutcome = { kind: 'done' } | { kind: 'retryFrom'; index: number } | { kind: 'failed' };

/**
 * What a stream mapping does after an invocation, given the batch's sequence numbers. A failed
 * invocation, or a malformed answer, fails the whole batch. With ReportBatchItemFailures, the mapping
 * checkpoints before the lowest failed sequence number and retries from there; an empty or null list
 * (or response) is success.
 */
export function streamBatchOutcome(sequenceNumbers: string[], answer: FunctionAnswer, reportBatchItemFailures: boolean): StreamBatchOutcome {
  if (!answer.ok) return { kind: 'failed' };
  if (!reportBatchItemFailures) return { kind: 'done' };
  const response = answer.result;
  if (response === null || response === undefined) return { kind: 'done' };
  if (typeof response !== 'object' || Array.isArray(response)) return { kind: 'failed' };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return { kind: 'done' };
  if (!Array.isArray(failures)) return { kind: 'failed' };
  if (failures.length === 0) return { kind: 'done' };
  let lowest = Infinity;
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = typeof id === 'string' ? sequenceNumbers.indexOf(id) : -1;
    if (index < 0) return { kind: 'failed' };
    lowest = Math.min(lowest, index);
  }
  return { kind: 'retryFrom', index: lowest };
}
