// Least privilege, read from the synthesized policies: each consumer of bus events (an SQS queue fed by
// an EventBridge rule) reaches its own queue (to receive), that queue's dead-letter queue (to send
// rejected events), the CRM's tables (customer records; complaints for the complaint router), its own
// log group and X-Ray, the bus if it publishes (the complaint router announces what it routed), and
// nothing else. Other
// functions' privileges are asserted beside their constructs' tests (e.g. segmentation.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { type CrmResources, getAtt, type PolicyStatement, referencedId, synthCrmStack } from './support/crm-template';

let resources: CrmResources;
let tableIds: string[];

beforeAll(() => {
  ({ resources } = synthCrmStack('dev'));
  tableIds = resources.ofType('AWS::DynamoDB::GlobalTable').map(([id]) => id);
});

const consumers = () => resources.eventConsumers();
const namespace = (action: string) => action.split(':')[0];

function statementsOf(fnId: string): PolicyStatement[] {
  return resources.statementsOfRole(referencedId(resources.get(fnId).Properties!.Role));
}

describe('each consumer of bus events', () => {
  it('exists', () => {
    expect(consumers().length).toBeGreaterThan(0);
  });

  it('has no AWS-managed policies (they reach every log group in the account)', () => {
    for (const { fn } of consumers()) {
      const role = resources.get(referencedId(fn.Properties!.Role));
      expect(role.Properties!.ManagedPolicyArns ?? []).toEqual([]);
    }
  });

  it('only allows, never relies on a deny', () => {
    for (const { functionId } of consumers()) {
      for (const s of statementsOf(functionId)) expect(s.Effect).toBe('Allow');
    }
  });

  it('receives and deletes only from the queue that feeds it', () => {
    for (const { functionId, queueId } of consumers()) {
      const receiving = statementsOf(functionId).filter((s) =>
        s.Action.some((a) => ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:*'].includes(a)),
      );
      expect(receiving.length).toBeGreaterThan(0);
      for (const s of receiving) expect(s.Resource).toEqual([getAtt(queueId, 'Arn')]);
    }
  });

  it('sends only to the dead-letter queue of the queue that feeds it', () => {
    for (const { functionId, queue } of consumers()) {
      const dlqId = referencedId(queue.Properties!.RedrivePolicy.deadLetterTargetArn);
      const sending = statementsOf(functionId).filter((s) => s.Action.includes('sqs:SendMessage'));
      expect(sending.length).toBeGreaterThan(0);
      for (const s of sending) {
        expect(s.Resource).toEqual([getAtt(dlqId, 'Arn')]);
        expect(s.Action).not.toContain('sqs:ReceiveMessage');
      }
    }
  });

  it("reaches DynamoDB only on the CRM's tables", () => {
    const allowed = tableIds.flatMap((id) => [getAtt(id, 'Arn'), { 'Fn::Join': ['', [getAtt(id, 'Arn'), '/index/*']] }]).map((r) => JSON.stringify(r));
    for (const { functionId } of consumers()) {
      const dynamo = statementsOf(functionId).filter((s) => s.Action.some((a) => namespace(a) === 'dynamodb'));
      expect(dynamo.length).toBeGreaterThan(0);
      for (const s of dynamo) {
        for (const resource of s.Resource) {
          // A table, or its indexes (`<arn>/index/*`) when it has any.
          expect(allowed.includes(JSON.stringify(resource)), JSON.stringify(resource)).toBe(true);
        }
      }
    }
  });

  it('writes logs only to its own log group', () => {
    for (const { functionId, fn } of consumers()) {
      const logGroupId = referencedId(fn.Properties!.LoggingConfig.LogGroup);
      const logs = statementsOf(functionId).filter((s) => s.Action.some((a) => namespace(a) === 'logs'));
      expect(logs.length).toBeGreaterThan(0);
      for (const s of logs) {
        expect(s.Resource).toEqual([getAtt(logGroupId, 'Arn')]);
        expect(s.Action.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      }
    }
  });

  it('uses a wildcard resource only for X-Ray, which has no resource-level permissions', () => {
    for (const { functionId } of consumers()) {
      for (const s of statementsOf(functionId)) {
        const wildcard = s.Resource.some((r) => typeof r === 'string' && r.includes('*'));
        if (wildcard) expect(s.Action.every((a) => ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'].includes(a))).toBe(true);
        for (const action of s.Action) expect(action.endsWith(':*'), action).toBe(false);
      }
    }
  });

  it('reaches no other service; a publisher puts events on the CRM bus only', () => {
    const [busId] = resources.only('AWS::Events::EventBus');
    for (const { functionId } of consumers()) {
      const statements = statementsOf(functionId);
      const services = new Set(statements.flatMap((s) => s.Action.map(namespace)));
      const publishes = services.has('events');
      expect([...services].sort()).toEqual(publishes ? ['dynamodb', 'events', 'logs', 'sqs', 'xray'] : ['dynamodb', 'logs', 'sqs', 'xray']);
      for (const s of statements.filter((x) => x.Action.some((a) => namespace(a) === 'events'))) {
        expect(s.Action).toEqual(['events:PutEvents']);
        expect(s.Resource).toEqual([getAtt(busId, 'Arn')]);
      }
    }
  });
});
