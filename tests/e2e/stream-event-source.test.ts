// DynamoDB stream event source mappings through the local runtime, on a hand-written stack: records
// arrive in order with their images, filters apply, a reported failure is retried from its sequence
// number, and a batch that keeps failing is described to the on-failure destination.
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalStack, type RunningLocalStack } from '../../local/runtime/local-stack';
import type { CfnTemplate } from '../../local/runtime/template';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const template: CfnTemplate = {
  Resources: {
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      },
    },
    Seen: { Type: 'AWS::SQS::Queue', Properties: {} },
    Failures: { Type: 'AWS::SQS::Queue', Properties: {} },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Metadata: { 'aws:asset:path': 'asset.fn' },
      Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Timeout: 5, Environment: { Variables: { SEEN_QUEUE_URL: { Ref: 'Seen' } } } },
    },
    Mapping: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        EventSourceArn: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
        FunctionName: { Ref: 'Fn' },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: 10,
        MaximumRetryAttempts: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Failures', 'Arn'] } } },
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { id: { S: [{ 'anything-but': 'ignored' }] } } } }) }] },
      },
    },
  },
};

// A function that reports what it sees to a queue, reports its first "partial" record as failed, and
// throws on "throw" records. Module state survives between invocations of a warm environment.
const handlerSource = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
let partialFailed = false;
export const handler = async (event) => {
  const batchItemFailures = [];
  for (const r of event.Records) {
    const image = r.dynamodb.NewImage ?? r.dynamodb.OldImage;
    if (image?.mode?.S === 'throw') throw new Error('cannot handle ' + image.id.S);
    if (image?.mode?.S === 'partial' && !partialFailed) {
      partialFailed = true;
      batchItemFailures.push({ itemIdentifier: r.dynamodb.SequenceNumber });
      break;
    }
    await sqs.send(new SendMessageCommand({ QueueUrl: process.env.SEEN_QUEUE_URL, MessageBody: JSON.stringify({
      eventName: r.eventName, id: r.dynamodb.Keys.id.S, newImage: r.dynamodb.NewImage, oldImage: r.dynamodb.OldImage,
      sequenceNumber: r.dynamodb.SequenceNumber, source: r.eventSource, arn: r.eventSourceARN }) }));
  }
  return { batchItemFailures };
};
`;

const assemblyDir = join('.local', `stream-e2e-${randomUUID()}`);
let stack: RunningLocalStack;
let dynamoDb: DynamoDBClient;
let sqs: SQSClient;

beforeAll(async () => {
  mkdirSync(join(assemblyDir, 'asset.fn'), { recursive: true });
  writeFileSync(join(assemblyDir, 'asset.fn', 'index.mjs'), handlerSource);
  writeFileSync(join(assemblyDir, 'Streams.template.json'), JSON.stringify(template));
  writeFileSync(join(assemblyDir, 'manifest.json'), JSON.stringify({ artifacts: { Streams: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Streams.template.json' } } } }));
  stack = await startLocalStack({
    synth: false,
    assemblyDir,
    apiPort: 0,
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    sqsEndpoint: inject('sqsEndpoint'),
    resourcePrefix: `s${randomUUID().slice(0, 8)}-`,
    concurrency: 1,
  });
  dynamoDb = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'us-east-1', credentials });
  sqs = new SQSClient({ endpoint: stack.endpoints.sqs, region: 'us-east-1', credentials });
});

afterAll(async () => {
  dynamoDb?.destroy();
  sqs?.destroy();
  await stack?.stop();
  rmSync(assemblyDir, { recursive: true, force: true });
});

const table = () => stack.tables[0]!.input.TableName!;

async function drain(queue: string, until: (messages: unknown[]) => boolean, timeoutMs = 20_000): Promise<Record<string, any>[]> {
  const taken: Record<string, any>[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!until(taken)) {
    if (Date.now() > deadline) throw new Error(`Only ${taken.length} message(s) from ${queue}: ${JSON.stringify(taken)}`);
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.queue(queue).url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    for (const m of out.Messages ?? []) {
      taken.push(JSON.parse(m.Body!));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: stack.queue(queue).url, ReceiptHandle: m.ReceiptHandle! }));
    }
  }
  return taken;
}

describe('a DynamoDB stream event source mapping', () => {
  it('delivers inserts, updates and removes in order, with their images, and skips what the filter excludes', async () => {
    await dynamoDb.send(new PutItemCommand({ TableName: table(), Item: { id: { S: 'ignored' }, n: { N: '0' } } }));
    await dynamoDb.send(new PutItemCommand({ TableName: table(), Item: { id: { S: 'a' }, n: { N: '1' } } }));
    await dynamoDb.send(new UpdateItemCommand({ TableName: table(), Key: { id: { S: 'a' } }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '2' } } }));
    await dynamoDb.send(new DeleteItemCommand({ TableName: table(), Key: { id: { S: 'a' } } }));

    const seen = await drain('Seen', (m) => m.length >= 3);
    expect(seen.map((m) => [m.eventName, m.id])).toEqual([
      ['INSERT', 'a'],
      ['MODIFY', 'a'],
      ['REMOVE', 'a'],
    ]);
    expect(seen[1]).toMatchObject({ oldImage: { n: { N: '1' } }, newImage: { n: { N: '2' } }, source: 'aws:dynamodb' });
    expect(seen[1]!.arn).toBe(stack.resources.getAtt(stack.tables[0]!.logicalId, 'StreamArn'));
    expect(BigInt(seen[0]!.sequenceNumber)).toBeLessThan(BigInt(seen[2]!.sequenceNumber));
    expect((await stack.waitForIdle({ timeoutMs: 10_000 })).idle).toBe(true);
    expect(await drain('Seen', () => true)).toEqual([]);
  });

  it('retries from a reported failure’s sequence number', async () => {
    await dynamoDb.send(new PutItemCommand({ TableName: table(), Item: { id: { S: 'p' }, mode: { S: 'partial' } } }));
    const seen = await drain('Seen', (m) => m.length >= 1);
    expect(seen.map((m) => [m.eventName, m.id])).toEqual([['INSERT', 'p']]);
  });

  it('describes a batch that still fails after MaximumRetryAttempts to the on-failure destination', async () => {
    await dynamoDb.send(new PutItemCommand({ TableName: table(), Item: { id: { S: 't' }, mode: { S: 'throw' } } }));
    const [failure] = await drain('Failures', (m) => m.length >= 1);
    expect(failure).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2, functionArn: stack.functions[0]!.definition.arn },
      DDBStreamBatchInfo: { batchSize: 1, streamArn: stack.resources.getAtt(stack.tables[0]!.logicalId, 'StreamArn') },
    });
    // The shard goes on past the discarded batch.
    await dynamoDb.send(new PutItemCommand({ TableName: table(), Item: { id: { S: 'after' } } }));
    expect((await drain('Seen', (m) => m.length >= 1)).map((m) => m.id)).toEqual(['after']);
  });
});
