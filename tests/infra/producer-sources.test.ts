// Producer sources as synthesized: the ingestion rule takes the plain source and every
// `<eventSource>.<producer>`, and a function granted to publish as a producer may put events on the
// bus only, and only with that producer's source.
import { Template } from 'aws-cdk-lib/assertions';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePattern } from '../../local/eventbridge/patterns';
import { stageConfig } from '../../infra/stage-config';
import { producerSource } from '../../shared/contracts/events';
import { buildCrmStack, CrmResources, getAtt, referencedId, type CfnResource } from './support/crm-template';

let resources: CrmResources;
let rule: CfnResource;
let busId: string;
let returnedSource: string;

beforeAll(() => {
  const { stack } = buildCrmStack('dev');
  // A stand-in for a connector's function: the grant is what is under test, not the function.
  const probe = new LambdaFunction(stack, 'ProbeConnector', {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromInline('export const handler = async () => {};'),
  });
  returnedSource = stack.ingestion.grantPublish(probe, 'iso20022');
  resources = new CrmResources(Template.fromStack(stack));
  [busId] = resources.only('AWS::Events::EventBus');
  [, rule] = resources.ofType('AWS::Events::Rule').find(([, r]) => r.Properties?.EventPattern?.['detail-type']?.includes('TransactionPosted'))!;
});

const probe = () => resources.ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('ProbeConnector'))!;

describe('the ingestion rule', () => {
  it('matches the plain source and each producer source, and no other', () => {
    const source = stageConfig('dev').eventSource;
    expect(rule.Properties!.EventPattern.source).toEqual([source, { prefix: `${source}.` }]);
    const matches = compilePattern(rule.Properties!.EventPattern);
    const event = (s: string) => ({ source: s, 'detail-type': 'TransactionPosted', detail: {} });
    expect(['core.banking', 'core.banking.iso20022', 'core.banking.fineract'].map((s) => matches(event(s)))).toEqual([true, true, true]);
    expect(['core.cards', 'core.bankingx', 'bank.core.banking'].map((s) => matches(event(s)))).toEqual([false, false, false]);
  });
});

describe('grantPublish', () => {
  it("names the bus and the producer's source in the function's environment", () => {
    const [, fn] = probe();
    expect(returnedSource).toBe('core.banking.iso20022');
    expect(referencedId(fn.Properties!.Environment.Variables.EVENT_BUS_NAME)).toBe(busId);
    expect(fn.Properties!.Environment.Variables.EVENT_SOURCE).toBe('core.banking.iso20022');
  });

  it('grants PutEvents on the bus only, held to the producer source by events:source', () => {
    const [, fn] = probe();
    const statements = resources.statementsOfRole(referencedId(fn.Properties!.Role));
    const events = statements.filter((s) => s.Action.some((a) => a.startsWith('events:')));
    expect(events).toHaveLength(1);
    expect(events[0]!.Action).toEqual(['events:PutEvents']);
    expect(events[0]!.Resource).toEqual([getAtt(busId, 'Arn')]);
    expect(events[0]!.Condition).toEqual({ StringEquals: { 'events:source': 'core.banking.iso20022' } });
  });

  it('refuses a producer name that could not be a last source part', () => {
    expect(() => producerSource('core.banking', 'iso.20022')).toThrow(/producer name 'iso.20022'/);
    expect(() => producerSource('core.banking', '')).toThrow(/producer name/);
    expect(() => producerSource('core.banking', 'Fineract')).toThrow(/producer name/);
  });
});
