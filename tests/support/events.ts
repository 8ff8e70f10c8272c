// Builders of EventBridge envelopes and SQS batches, as a rule target delivers them.
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export const envelope = (detailType: string, detail: unknown, source = 'core.banking') => ({
  version: '0',
  id: randomUUID(),
  'detail-type': detailType,
  source,
  account: '123456789012',
  time: new Date().toISOString(),
  region: 'us-east-1',
  resources: [],
  detail,
});

export const sqsRecord = (body: unknown, messageId: string = randomUUID()): SQSRecord => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: String(Date.now()),
    SenderId: 'events.amazonaws.com',
    ApproximateFirstReceiveTimestamp: String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:ingest',
  awsRegion: 'us-east-1',
});

export const sqsBatch = (records: SQSRecord[]): SQSEvent => ({ Records: records });

export const lambdaContext = (functionName = 'test'): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
  memoryLimitInMB: '256',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
