// What reaches the bus and no rule takes is kept, not dropped; producers of other accounts are held to
// their own source by the bus policy. Patterns are evaluated with the local EventBridge's matcher.
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePattern } from '../../local/eventbridge/patterns';
import { parseStageSettings } from '../../infra/stage-settings';
import { CORE_BANKING_DETAIL_TYPES } from '../../shared/contracts/events';
import { type CfnResource, type CrmResources, referencedId, synthCrmStack } from './support/crm-template';

let resources: CrmResources;
let ingestionRule: CfnResource;
let unroutedRules: [string, CfnResource][];

beforeAll(() => {
  ({ resources } = synthCrmStack('dev', { config: { producerAccounts: { t24: '111111111111', fineract: '222222222222' } } }));
  [, ingestionRule] = resources.ofType('AWS::Events::Rule').find(([, r]) => r.Properties?.EventPattern?.['detail-type']?.includes('TransactionPosted'))!;
  unroutedRules = resources.ofType('AWS::Events::Rule').filter(([id]) => /UnknownCoreBankingDetailTypes|UnknownSources/.test(id));
});

describe('events no rule takes', () => {
  it('are each taken by exactly one of the ingestion rule and the unrouted rules; the layer\'s own events by neither', () => {
    const ingests = compilePattern(ingestionRule.Properties!.EventPattern);
    const unrouted = unroutedRules.map(([, r]) => compilePattern(r.Properties!.EventPattern));
    const takenBy = (source: string, detailType: string) => {
      const event = { source, 'detail-type': detailType, detail: {} };
      return [ingests(event), ...unrouted.map((m) => m(event))].filter(Boolean).length;
    };
    for (const source of ['core.banking', 'core.banking.iso20022', 'core.banking.t24']) {
      for (const detailType of [...CORE_BANKING_DETAIL_TYPES, 'CustomerDeleted', 'transactionposted']) expect(takenBy(source, detailType), `${source} ${detailType}`).toBe(1);
    }
    for (const source of ['core.cards', 'core.bankingx', 'bank.core.banking', 'crm', '']) expect(takenBy(source, 'TransactionPosted'), source).toBe(1);
    for (const [source, detailType] of [['crm.complaints', 'ComplaintReceived'], ['crm.segmentation', 'CustomerSegmentChanged'], ['crm.data-protection', 'CustomerMarketingConsentChanged']]) {
      expect(takenBy(source!, detailType!), source).toBe(0);
    }
  });

  it('go to one queue kept 14 days, with the delivery dead-letter queue behind it', () => {
    const targets = unroutedRules.map(([, r]) => r.Properties!.Targets[0]);
    expect(unroutedRules).toHaveLength(2);
    const queueIds = new Set(targets.map((t: any) => referencedId(t.Arn)));
    expect(queueIds.size).toBe(1);
    const [queueId] = queueIds;
    expect(resources.get(queueId!).Properties!.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    for (const t of targets) expect(t.DeadLetterConfig?.Arn).toBeDefined();
    // Counted: an alarm on the queue's depth.
    const alarms = resources.ofType('AWS::CloudWatch::Alarm').filter(([, a]) => JSON.stringify(a.Properties!.Dimensions ?? a.Properties!.Metrics ?? '').includes(queueId!));
    expect(alarms.length).toBeGreaterThanOrEqual(1);
  });
});

describe('the bus policy', () => {
  it('lets each producer account put events with its own source only', () => {
    const statements = resources.ofType('AWS::Events::EventBusPolicy').flatMap(([, p]) => p.Properties!.Statement ? [p.Properties!.Statement] : p.Properties!.Policy.Statement);
    const byProducer = Object.fromEntries(statements.map((s: any) => [s.Sid, s]));
    expect(Object.keys(byProducer).sort()).toEqual(['cdk-Producer-fineract', 'cdk-Producer-t24']);
    expect(byProducer['cdk-Producer-t24']).toMatchObject({
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Condition: { 'ForAllValues:StringEquals': { 'events:source': 'core.banking.t24' } },
    });
    expect(JSON.stringify(byProducer['cdk-Producer-t24'].Principal)).toContain('111111111111');
    expect(JSON.stringify(byProducer['cdk-Producer-fineract'].Principal)).toContain('222222222222');
  });

  it('is absent when no producer account is named', () => {
    expect(synthCrmStack('dev').resources.ofType('AWS::Events::EventBusPolicy')).toEqual([]);
  });

  it('takes producer accounts from the stage settings, refusing a name that could not be a source part', () => {
    expect(parseStageSettings({ producerAccounts: { t24: '111111111111' } }, 'test').producerAccounts).toEqual({ t24: '111111111111' });
    expect(() => parseStageSettings({ producerAccounts: { 'T24.core': '111111111111' } }, 'test')).toThrow(/producerAccounts/);
    expect(() => parseStageSettings({ producerAccounts: { t24: '1111' } }, 'test')).toThrow(/12-digit/);
  });
});
