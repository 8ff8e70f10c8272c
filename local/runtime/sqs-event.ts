// The SQS event Lambda's event source mapping hands a function, built from received messages as
// Lambda builds it, and what Lambda deletes once the function answers.
import type { Message } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';

// Lambda passes only these system attributes on to the function.
const RECORD_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'SentTimestamp',
  'SenderId',
  'ApproximateFirstReceiveTimestamp',
  'AWSTraceHeader',
  'SequenceNumber',
  'MessageGroupId',
  'MessageDeduplicationId',
  'DeadLetterQueueSourceArn',
];

const base64 = (bytes?: Uint8Array) => (bytes ? Buffer.from(bytes).toString('base64') : undefined);

export function sqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = Object.fromEntries(
    RECORD_ATTRIBUTES.filter((name) => message.Attributes?.[name as keyof typeof message.Attributes] !== undefined).map((name) => [
      name,
      message.Attributes![name as keyof typeof message.Attributes],
    ]),
  ) as unknown as SQSRecordAttributes;
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      stringValue: value.StringValue,
      binaryValue: base64(value.BinaryValue),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((b) => base64(b)!),
      dataType: value.DataType as SQSMessageAttributes[string]['dataType'],
    };
  }
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes,
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

export const sqsEvent = (messages: Message[], queueArn: string, region: string): SQSEvent => ({
  Records: messages.map((m) => sqsRecord(m, queueArn, region)),
});

export type FunctionAnswer = { ok: true; result: unknown } | { ok: false };

/**
 * Message ids Lambda deletes after an invocation. A failed invocation deletes none (all come back
 * after the visibility timeout). With ReportBatchItemFailures, all but the listed failures — unless
 * the answer is malformed (an empty, null or unknown itemIdentifier, a response that is not an
 * object), which Lambda treats as the whole batch failing. An empty or null response, or an empty or
 * null batchItemFailures list, is complete success.
 */
export function succeededMessageIds(messageIds: string[], answer: FunctionAnswer, reportBatchItemFailures: boolean): string[] {
  if (!answer.ok) return [];
  if (!reportBatchItemFailures) return messageIds;
  const response = answer.result;
  if (response === null || response === undefined) return messageIds;
  if (typeof response !== 'object' || Array.isArray(response)) return [];
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return messageIds;
  if (!Array.isArray(failures)) return [];
  const known = new Set(messageIds);
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !known.has(id)) return [];
    failed.add(id);
  }
  return messageIds.filter((id) => !failed.has(id));
}
