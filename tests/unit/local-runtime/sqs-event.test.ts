// What Lambda's SQS event source mapping hands the function, and what it deletes afterwards.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sqsRecord, succeededMessageIds } from '../../../local/runtime/sqs-event';

const ids = ['m1', 'm2', 'm3'];

describe('messages deleted after an invocation', () => {
  it('are none when the invocation failed (error or timeout)', () => {
    expect(succeededMessageIds(ids, { ok: false }, true)).toEqual([]);
    expect(succeededMessageIds(ids, { ok: false }, false)).toEqual([]);
  });

  it('are all when the function does not report batch item failures, whatever it returns', () => {
    expect(succeededMessageIds(ids, { ok: true, result: { batchItemFailures: [{ itemIdentifier: 'm1' }] } }, false)).toEqual(ids);
  });

  it('are all but the reported failures', () => {
    expect(succeededMessageIds(ids, { ok: true, result: { batchItemFailures: [{ itemIdentifier: 'm2' }] } }, true)).toEqual(['m1', 'm3']);
  });

  it('are all for an empty or null response or list (complete success)', () => {
    for (const result of [null, undefined, {}, { batchItemFailures: [] }, { batchItemFailures: null }]) {
      expect(succeededMessageIds(ids, { ok: true, result }, true)).toEqual(ids);
    }
  });

  it('are none for a malformed answer (complete failure)', () => {
    for (const result of [
      'ok',
      [],
      { batchItemFailures: [{ itemIdentifier: '' }] },
      { batchItemFailures: [{ itemIdentifier: null }] },
      { batchItemFailures: [{ id: 'm1' }] },
      { batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] },
      { batchItemFailures: 'm1' },
    ]) {
      expect(succeededMessageIds(ids, { ok: true, result }, true)).toEqual([]);
    }
  });

  it('never include a reported failure, and lose nothing else', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 10 }), fc.array(fc.nat()), (batch, picks) => {
        const failed = [...new Set(picks.map((i) => batch[i % batch.length]!))];
        const kept = succeededMessageIds(batch, { ok: true, result: { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) } }, true);
        expect(kept.filter((id) => failed.includes(id))).toEqual([]);
        expect(kept.length + failed.length).toBe(batch.length);
      }),
    );
  });
});

describe('an SQS record', () => {
  it('is shaped as Lambda shapes it: system attributes, lower-case message attributes, source ARN', () => {
    const record = sqsRecord(
      {
        MessageId: 'id-1',
        ReceiptHandle: 'rh',
        Body: '{"a":1}',
        MD5OfBody: 'md5',
        Attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1', SenderId: 'AID', ApproximateFirstReceiveTimestamp: '2', VisibilityTimeout: '30' } as never,
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: 'bad' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2]) },
        },
      },
      'arn:aws:sqs:us-east-1:123456789012:q',
      'us-east-1',
    );
    expect(record).toEqual({
      messageId: 'id-1',
      receiptHandle: 'rh',
      body: '{"a":1}',
      attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1', SenderId: 'AID', ApproximateFirstReceiveTimestamp: '2' },
      messageAttributes: {
        reason: { stringValue: 'bad', binaryValue: undefined, stringListValues: [], binaryListValues: [], dataType: 'String' },
        blob: { stringValue: undefined, binaryValue: 'AQI=', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
      md5OfBody: 'md5',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:q',
      awsRegion: 'us-east-1',
    });
  });
});
