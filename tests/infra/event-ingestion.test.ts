// Event ingestion as synthesized: bus, archive, rule, queues and the consumer, read from the template.
import type { App } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/stage-config';
import { CORE_BANKING_DETAIL_TYPES } from '../../shared/contracts/events';
import { type CfnResource, type CrmResources, getAtt, ref, referencedId, synthCrmStack } from './support/crm-template';

let app: App;
let resources: CrmResources;
let busId: string;
let rule: CfnResource;
let ruleId: string;
let queueId: string;
let deadLetterQueueId: string;

beforeAll(() => {
  // The one file that bundles for real: the consumer must build as an ESM bundle from its sources.
  ({ app, resources } = synthCrmStack('dev', { bundle: true }));
  [busId] = resources.only('AWS::Events::EventBus');
  // The rule of the core-banking events (other rules: schedules, other capabilities' events).
  [ruleId, rule] = resources.ofType('AWS::Events::Rule').find(([, r]) => r.Properties?.EventPattern?.['detail-type']?.includes('TransactionPosted'))!;
  queueId = referencedId(rule.Properties!.Targets[0].Arn);
  deadLetterQueueId = referencedId(resources.get(queueId).Properties!.RedrivePolicy.deadLetterTargetArn);
});

/** The newest Node runtime this aws-cdk-lib knows, decided the way cdk-nag's AwsSolutions-L1 does. */
function newestNodeRuntime(): string {
  const version = (name: string) => Number(/^nodejs(\d+)/.exec(name)?.[1] ?? 0);
  return Runtime.ALL.map((r) => r.name)
    .filter((name) => /^nodejs\d+/.test(name))
    .sort((a, b) => version(a) - version(b))
    .at(-1)!;
}

describe('the event bus', () => {
  it('is archived entirely for replay, for as long as the stage keeps events', () => {
    const [, archive] = resources.only('AWS::Events::Archive');
    expect(archive.Properties!.SourceArn).toEqual(getAtt(busId, 'Arn'));
    expect(archive.Properties!.EventPattern).toEqual({ account: [ref('AWS::AccountId')] });
    expect(archive.Properties!.RetentionDays).toBe(stageConfig('dev').archiveRetentionDays);
  });

  it('routes the core-banking source and exactly its nine detail types (MarketingConsentChanged among them) to the ingestion queue', () => {
    expect(rule.Properties!.EventBusName).toEqual(ref(busId));
    const pattern = rule.Properties!.EventPattern;
    expect(Object.keys(pattern).sort()).toEqual(['detail-type', 'source']);
    const source = stageConfig('dev').eventSource;
    // The plain source and each producer's `<eventSource>.<producer>` (tests/infra/producer-sources.test.ts).
    expect(pattern.source).toEqual([source, { prefix: `${source}.` }]);
    expect([...pattern['detail-type']].sort()).toEqual([...CORE_BANKING_DETAIL_TYPES].sort());
    expect(pattern['detail-type']).toHaveLength(9);
    expect(rule.Properties!.Targets).toHaveLength(1);
  });

  it('sends what it cannot deliver to a dead-letter queue of its own, after retrying', () => {
    const target = rule.Properties!.Targets[0];
    const deliveryDlqId = referencedId(target.DeadLetterConfig.Arn);
    expect(resources.get(deliveryDlqId).Type).toBe('AWS::SQS::Queue');
    expect(deliveryDlqId).not.toBe(queueId);
    expect(deliveryDlqId).not.toBe(deadLetterQueueId);
    expect(target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
  });
});

describe('every queue', () => {
  it('has a dead-letter queue or is one', () => {
    const deadLetterQueues = resources.deadLetterQueueIds();
    const queues = resources.ofType('AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThanOrEqual(3);
    for (const [id, queue] of queues) {
      const redrive = queue.Properties?.RedrivePolicy;
      if (redrive) expect(redrive.maxReceiveCount, id).toBe(5);
      // UnroutedEvents holds what no rule takes (no consumer, no redrive): the bus's own dead letters.
      else expect(deadLetterQueues.has(id) || id.includes('UnroutedEvents'), `${id} has no DLQ and is none`).toBe(true);
    }
  });

  it('is encrypted with SSE-SQS, never the AWS-managed alias/aws/sqs key that drops EventBridge deliveries', () => {
    for (const [id, queue] of resources.ofType('AWS::SQS::Queue')) {
      expect(queue.Properties?.SqsManagedSseEnabled, id).toBe(true);
      expect(queue.Properties?.KmsMasterKeyId, id).toBeUndefined();
    }
  });

  it('refuses requests that do not use TLS', () => {
    for (const [id] of resources.ofType('AWS::SQS::Queue')) {
      const denyInsecure = resources
        .queuePolicyStatements(id)
        .find((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false');
      expect(denyInsecure, id).toBeDefined();
      expect(denyInsecure!.Action).toContain('sqs:*');
      expect(denyInsecure!.Principal).toEqual({ AWS: '*' });
    }
  });
});

const SEND_ACTIONS = ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'];

describe('queue policies', () => {
  it.each([
    ['the ingestion queue', () => queueId],
    ['the delivery dead-letter queue', () => referencedId(rule.Properties!.Targets[0].DeadLetterConfig.Arn)],
  ])('let EventBridge send to %s for this rule only', (_, target) => {
    const id = target();
    // The rules that keep unrouted events share the delivery dead-letter queue; no other rule sends here.
    const unroutedRules = resources.ofType('AWS::Events::Rule').filter(([rid]) => /UnknownCoreBankingDetailTypes|UnknownSources/.test(rid)).map(([rid]) => JSON.stringify(getAtt(rid, 'Arn')));
    const fromEvents = resources
      .queuePolicyStatements(id)
      .filter((s) => s.Effect === 'Allow' && s.Principal?.Service === 'events.amazonaws.com');
    const allowEvents = fromEvents.filter((s) => !unroutedRules.includes(JSON.stringify(s.Condition?.ArnEquals?.['aws:SourceArn'])));
    expect(fromEvents.length - allowEvents.length).toBeLessThanOrEqual(unroutedRules.length);
    expect(allowEvents).toHaveLength(1);
    expect(allowEvents[0]!.Action).toContain('sqs:SendMessage');
    // Sending (and looking the queue up) only: never reading or deleting.
    for (const action of allowEvents[0]!.Action) expect(SEND_ACTIONS).toContain(action);
    expect(allowEvents[0]!.Resource).toEqual([getAtt(id, 'Arn')]);
    expect(allowEvents[0]!.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': getAtt(ruleId, 'Arn') } });
  });
});

describe('the consumer', () => {
  it('reads the ingestion queue with partial batch responses', () => {
    const consumers = resources.sqsConsumers().filter((c) => c.queueId === queueId);
    expect(consumers).toHaveLength(1);
    const [{ mapping }] = consumers as [(typeof consumers)[0]];
    expect(mapping.Properties!.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(mapping.Properties!.BatchSize).toBeGreaterThan(1);
    expect(mapping.Properties!.BatchSize).toBeLessThanOrEqual(100);
    expect(mapping.Properties!.MaximumBatchingWindowInSeconds).toBeGreaterThan(0);
  });

  it('has every queue that feeds a function hide messages for at least 6 x its timeout plus the batching window', () => {
    for (const { fn, queue, mapping } of resources.sqsConsumers()) {
      const timeout = fn.Properties!.Timeout as number;
      expect(timeout).toBeGreaterThan(0);
      const window = mapping.Properties!.MaximumBatchingWindowInSeconds ?? 0;
      expect(queue.Properties!.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout + window);
    }
  });

  it('is told its table, its rejected-events queue (the ingestion DLQ) and the event source', () => {
    const { fn } = resources.sqsConsumers().find((c) => c.queueId === queueId)!;
    const [tableId] = resources.ofType('AWS::DynamoDB::GlobalTable').find(([id]) => id.startsWith('CustomerRecords'))!;
    expect(fn.Properties!.Environment.Variables).toMatchObject({
      TABLE_NAME: ref(tableId),
      REJECTED_EVENTS_QUEUE_URL: ref(deadLetterQueueId),
      EVENT_SOURCE: stageConfig('dev').eventSource,
      POWERTOOLS_SERVICE_NAME: 'ingest-events',
    });
  });

  it('runs on the newest Node runtime, arm64, traced, logging JSON to a log group with retention', () => {
    const { fn } = resources.sqsConsumers().find((c) => c.queueId === queueId)!;
    expect(fn.Properties!.Runtime).toBe(newestNodeRuntime());
    expect(fn.Properties!.Architectures).toEqual(['arm64']);
    expect(fn.Properties!.TracingConfig).toEqual({ Mode: 'Active' });
    expect(fn.Properties!.LoggingConfig.LogFormat).toBe('JSON');
    const logGroup = resources.get(referencedId(fn.Properties!.LoggingConfig.LogGroup));
    expect(logGroup.Properties!.RetentionInDays).toBe(stageConfig('dev').logRetentionDays);
  });

  it('is an ESM bundle, built from functions/ingest-events', () => {
    const { fn } = resources.sqsConsumers().find((c) => c.queueId === queueId)!;
    expect(fn.Properties!.Handler).toBe('index.handler');
    const assetHash = String(fn.Properties!.Code.S3Key).replace(/\.zip$/, '');
    const assembly = app.synth();
    const bundle = join(assembly.directory, `asset.${assetHash}`, 'index.mjs');
    expect(existsSync(bundle), bundle).toBe(true);
    const code = readFileSync(bundle, 'utf8');
    expect(code).toMatch(/^import\{|^import /);
    expect(code).toContain('REJECTED_EVENTS_QUEUE_URL');
  });
});
