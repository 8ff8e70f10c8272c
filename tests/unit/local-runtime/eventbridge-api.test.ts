// The local EventBridge endpoint as the AWS SDK sees it: AWS JSON 1.1, per-entry PutEvents results,
// rules routed by their patterns, targets fed (SQS, with Input* transformations and DLQs).
import {
  DescribeRuleCommand,
  EventBridgeClient,
  InvalidEventPatternException,
  ListRulesCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  ResourceNotFoundException,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EventBuses } from '../../../local/eventbridge/event-buses';
import { startEventBridgeServer, type RunningEventBridge } from '../../../local/eventbridge/server';
import { createTargetDelivery } from '../../../local/eventbridge/target-delivery';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let server: RunningEventBridge;
let client: EventBridgeClient;
let sqs: SQSClient;
let buses: EventBuses;

beforeAll(async () => {
  sqs = new SQSClient({ endpoint: inject('sqsEndpoint'), region: 'us-east-1', credentials });
  const toSqs = createTargetDelivery({ sqs, sqsEndpoint: inject('sqsEndpoint'), warn: () => undefined, attempts: 1 });
  buses = new EventBuses({
    region: 'us-east-1',
    accountId: '123456789012',
    deliver: toSqs,
  });
  buses.createBus('crm');
  server = await startEventBridgeServer({ buses });
  client = new EventBridgeClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  await server.stop();
});

async function queue(): Promise<{ url: string; arn: string }> {
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: `eb-${randomUUID()}` }))).QueueUrl!;
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  return { url, arn };
}

const receive = async (url: string) =>
  (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }))).Messages ?? [];

describe('PutEvents', () => {
  it('answers each entry in request order: an event id, or the error EventBridge gives', async () => {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'crm', Source: 'core.banking', DetailType: 'TransactionPosted', Detail: '{"a":1}' },
          { EventBusName: 'crm', Source: 'core.banking', DetailType: 'TransactionPosted', Detail: 'not json' },
          { EventBusName: 'crm', Source: 'core.banking', DetailType: 'TransactionPosted', Detail: '[1,2]' },
          { EventBusName: 'crm', Source: 'core.banking', Detail: '{}' },
          { EventBusName: 'no-such-bus', Source: 'core.banking', DetailType: 'X', Detail: '{}' },
          { EventBusName: 'crm', Source: 'aws.ec2', DetailType: 'X', Detail: '{}' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(5);
    expect(out.Entries![0]!.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.Entries!.slice(1).map((e) => e.ErrorCode)).toEqual([
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
      'ResourceNotFoundException',
      'NotAuthorizedForSourceException',
    ]);
    expect(out.Entries![3]!.ErrorMessage).toBe('Parameter DetailType is not valid. Reason: DetailType is a required argument.');
  });

  it('refuses a request over the size limit or with more than 10 entries as a whole', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(1024 * 1024) });
    await expect(client.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: big }] }))).rejects.toThrow(/over the limit/);
    const eleven = Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 'd', Detail: '{}' }));
    await expect(client.send(new PutEventsCommand({ Entries: eleven }))).rejects.toThrow(/length between 1 and 10/);
  });

  it('delivers the full envelope to every matching rule’s targets, and nothing to rules that do not match', async () => {
    const [matched, other] = [await queue(), await queue()];
    await client.send(new PutRuleCommand({ Name: 'tx', EventBusName: 'crm', EventPattern: JSON.stringify({ source: ['core.banking'], 'detail-type': ['TransactionPosted'] }) }));
    await client.send(new PutTargetsCommand({ Rule: 'tx', EventBusName: 'crm', Targets: [{ Id: 'q', Arn: matched.arn }] }));
    await client.send(new PutRuleCommand({ Name: 'calls', EventBusName: 'crm', EventPattern: JSON.stringify({ 'detail-type': ['ChannelInteraction'] }) }));
    await client.send(new PutTargetsCommand({ Rule: 'calls', EventBusName: 'crm', Targets: [{ Id: 'q', Arn: other.arn }] }));

    const time = new Date('2026-11-03T04:14:07.500Z');
    const out = await client.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: 'crm', Source: 'core.banking', DetailType: 'TransactionPosted', Detail: '{"customerId":"C-1"}', Time: time, Resources: ['arn:aws:x:1'] }],
      }),
    );
    const [message] = await receive(matched.url);
    expect(JSON.parse(message!.Body!)).toEqual({
      version: '0',
      id: out.Entries![0]!.EventId,
      'detail-type': 'TransactionPosted',
      source: 'core.banking',
      account: '123456789012',
      time: '2026-11-03T04:14:07Z',
      region: 'us-east-1',
      resources: ['arn:aws:x:1'],
      detail: { customerId: 'C-1' },
    });
    expect(await receive(other.url)).toEqual([]);
  });

  it('sends a target its InputTransformer output', async () => {
    const q = await queue();
    await client.send(new PutRuleCommand({ Name: 'shaped', EventBusName: 'crm', EventPattern: JSON.stringify({ 'detail-type': ['Shaped'] }) }));
    await client.send(
      new PutTargetsCommand({
        Rule: 'shaped',
        EventBusName: 'crm',
        Targets: [{ Id: 'q', Arn: q.arn, InputTransformer: { InputPathsMap: { c: '$.detail.customerId' }, InputTemplate: '{"customer":"<c>"}' } }],
      }),
    );
    await client.send(new PutEventsCommand({ Entries: [{ EventBusName: 'crm', Source: 'x', DetailType: 'Shaped', Detail: '{"customerId":"C-9"}' }] }));
    expect(JSON.parse((await receive(q.url))[0]!.Body!)).toEqual({ customer: 'C-9' });
  });

  it('dead-letters what a target could not take, with EventBridge’s error attributes', async () => {
    const dlq = await queue();
    await client.send(new PutRuleCommand({ Name: 'lost', EventBusName: 'crm', EventPattern: JSON.stringify({ 'detail-type': ['Lost'] }) }));
    await client.send(
      new PutTargetsCommand({
        Rule: 'lost',
        EventBusName: 'crm',
        Targets: [{ Id: 'gone', Arn: 'arn:aws:sqs:us-east-1:123456789012:no-such-queue', DeadLetterConfig: { Arn: dlq.arn } }],
      }),
    );
    await client.send(new PutEventsCommand({ Entries: [{ EventBusName: 'crm', Source: 'x', DetailType: 'Lost', Detail: '{}' }] }));
    const [message] = await receive(dlq.url);
    expect(JSON.parse(message!.Body!)['detail-type']).toBe('Lost');
    expect(message!.MessageAttributes?.RULE_ARN?.StringValue).toBe('arn:aws:events:us-east-1:123456789012:rule/crm/lost');
    expect(message!.MessageAttributes?.TARGET_ARN?.StringValue).toBe('arn:aws:sqs:us-east-1:123456789012:no-such-queue');
    expect(message!.MessageAttributes?.ERROR_CODE?.StringValue).toBeTruthy();
  });
});

describe('rules', () => {
  it('are refused with InvalidEventPatternException when their pattern is invalid', async () => {
    const error = await client
      .send(new PutRuleCommand({ Name: 'bad', EventBusName: 'crm', EventPattern: JSON.stringify({ source: 'core.banking' }) }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidEventPatternException);
    expect((error as Error).message).toMatch(/^Event pattern is not valid\. Reason: /);
    await expect(client.send(new PutRuleCommand({ Name: 'bad2', EventBusName: 'crm', EventPattern: '{not json' }))).rejects.toBeInstanceOf(InvalidEventPatternException);
  });

  it('need a pattern or a schedule, and schedules only on the default bus', async () => {
    await expect(client.send(new PutRuleCommand({ Name: 'empty', EventBusName: 'crm' }))).rejects.toThrow(/EventPattern or ScheduleExpression/);
    await expect(client.send(new PutRuleCommand({ Name: 'tick', EventBusName: 'crm', ScheduleExpression: 'rate(5 minutes)' }))).rejects.toThrow(/default event bus/);
    await expect(client.send(new PutRuleCommand({ Name: 'tick', ScheduleExpression: 'rate(5 minute)' }))).rejects.toThrow(/ScheduleExpression is not valid/);
    const out = await client.send(new PutRuleCommand({ Name: 'tick', ScheduleExpression: 'cron(0 3 * * ? *)' }));
    expect(out.RuleArn).toBe('arn:aws:events:us-east-1:123456789012:rule/tick');
  });

  it('with a schedule send their targets a Scheduled Event when they fire', async () => {
    const q = await queue();
    const { RuleArn } = await client.send(new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'cron(0 2 * * ? *)' }));
    await client.send(new PutTargetsCommand({ Rule: 'nightly', Targets: [{ Id: 'q', Arn: q.arn }] }));
    await buses.runScheduledRule('nightly');
    const [message] = await receive(q.url);
    expect(JSON.parse(message!.Body!)).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event', resources: [RuleArn], detail: {}, version: '0' });
  });

  it('are listed and described', async () => {
    await client.send(new PutRuleCommand({ Name: 'listed', EventBusName: 'crm', EventPattern: '{"source":["a"]}', Description: 'd' }));
    const rules = await client.send(new ListRulesCommand({ EventBusName: 'crm', NamePrefix: 'list' }));
    expect(rules.Rules).toEqual([expect.objectContaining({ Name: 'listed', EventPattern: '{"source":["a"]}', State: 'ENABLED', EventBusName: 'crm', Description: 'd' })]);
    await expect(client.send(new DescribeRuleCommand({ Name: 'nope', EventBusName: 'crm' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('can be tried with TestEventPattern', async () => {
    const event = JSON.stringify({ id: '1', account: '1', source: 'core.banking', time: '2026-01-01T00:00:00Z', region: 'us-east-1', resources: [], 'detail-type': 'X', detail: { n: 5 } });
    const matching = await client.send(new TestEventPatternCommand({ EventPattern: '{"detail":{"n":[{"numeric":[">",3]}]}}', Event: event }));
    const failing = await client.send(new TestEventPatternCommand({ EventPattern: '{"detail":{"n":[{"numeric":["<",3]}]}}', Event: event }));
    expect([matching.Result, failing.Result]).toEqual([true, false]);
    await expect(client.send(new TestEventPatternCommand({ EventPattern: '{"detail":{"n":[{"numeric":["<",3]}]}}', Event: '{"detail":{}}' }))).rejects.toThrow(/Event is not valid/);
  });
});
