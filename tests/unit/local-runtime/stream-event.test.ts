// Where a DynamoDB stream mapping resumes after an invocation.
import { describe, expect, it } from 'vitest';
import { streamBatchOutcome, streamRecord } from '../../../local/runtime/stream-event';

const seq = ['100', '200', '300'];
const failures = (...ids: unknown[]) => ({ ok: true as const, result: { batchItemFailures: ids.map((itemIdentifier) => ({ itemIdentifier })) } });

describe('after a stream batch', () => {
  it('a failed invocation retries the whole batch', () => {
    expect(streamBatchOutcome(seq, { ok: false }, true)).toEqual({ kind: 'failed' });
  });

  it('success, or an empty or null answer, checkpoints past the batch', () => {
    for (const result of [null, undefined, {}, { batchItemFailures: [] }, { batchItemFailures: null }]) {
      expect(streamBatchOutcome(seq, { ok: true, result }, true)).toEqual({ kind: 'done' });
    }
    expect(streamBatchOutcome(seq, failures('200'), false)).toEqual({ kind: 'done' });
  });

  it('reported failures resume from the lowest failed sequence number', () => {
    expect(streamBatchOutcome(seq, failures('300', '200'), true)).toEqual({ kind: 'retryFrom', index: 1 });
  });

  it('a malformed answer fails the batch', () => {
    for (const answer of [failures(''), failures(null), failures('999'), { ok: true as const, result: 'ok' }]) {
      expect(streamBatchOutcome(seq, answer, true)).toEqual({ kind: 'failed' });
    }
  });
});

describe('a stream record', () => {
  it('is shaped as Lambda shapes it, with the creation time in epoch seconds', () => {
    const record = streamRecord(
      {
        eventID: 'e1',
        eventName: 'MODIFY',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'ddblocal',
        dynamodb: {
          ApproximateCreationDateTime: new Date('2026-11-03T04:14:07Z'),
          Keys: { id: { S: 'a' } },
          NewImage: { id: { S: 'a' }, n: { N: '2' } },
          OldImage: { id: { S: 'a' }, n: { N: '1' } },
          SequenceNumber: '100',
          SizeBytes: 20,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
      'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/x',
      'us-east-1',
    );
    expect(record).toEqual({
      eventID: 'e1',
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: {
        ApproximateCreationDateTime: 1793679247,
        Keys: { id: { S: 'a' } },
        NewImage: { id: { S: 'a' }, n: { N: '2' } },
        OldImage: { id: { S: 'a' }, n: { N: '1' } },
        SequenceNumber: '100',
        SizeBytes: 20,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/x',
    });
  });
});
