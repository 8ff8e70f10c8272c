// The accounts area as synthesized: ingestion may republish released entries under producer sources
// only; the overdue report runs on a schedule with a DLQ and alarms through Operations; the staff route
// is admin-only on a read-only function of its own; the parked index is on the table.
import { beforeAll, describe, expect, it } from 'vitest';
import { listParkedEntries } from '../../shared/contracts/api/parked-entries-routes';
import { stageConfig } from '../../infra/stage-config';
import { functionLogicalId } from '../support/api-harness';
import { type CrmResources, getAtt, referencedId, synthCrmStack } from './support/crm-template';

let resources: CrmResources;
let all: Record<string, any>;
let busId: string;

beforeAll(() => {
  const { template, resources: r } = synthCrmStack('dev');
  resources = r;
  all = template.toJSON().Resources;
  [busId] = resources.only('AWS::Events::EventBus');
});

const fnId = (name: string) => functionLogicalId(all, name);
const statementsOf = (name: string) => resources.statementsOfRole(referencedId(all[fnId(name)].Properties.Role));
const actionsOf = (name: string) => statementsOf(name).flatMap((s) => s.Action);

describe('ingest-events', () => {
  it('may put released entries on the bus under any producer source, never the plain one', () => {
    const fn = all[fnId('ingest-events')];
    expect(referencedId(fn.Properties.Environment.Variables.EVENT_BUS_NAME)).toBe(busId);
    const puts = statementsOf('ingest-events').filter((s) => s.Action.includes('events:PutEvents'));
    expect(puts).toHaveLength(1);
    expect(puts[0]!.Resource).toEqual([getAtt(busId, 'Arn')]);
    expect(puts[0]!.Condition).toEqual({ StringLike: { 'events:source': `${stageConfig('dev').eventSource}.*` } });
  });
});

describe('the overdue report', () => {
  it('runs hourly with the stage alarm age, its failed invocations in a dead-letter queue', () => {
    const fn = all[fnId('parked-entries-report')];
    expect(fn.Properties.Environment.Variables.PARKED_ENTRY_ALARM_AFTER_HOURS).toBe(String(stageConfig('dev').connectors.parkedEntryAlarmAfterHours));
    const [, rule] = resources.ofType('AWS::Events::Rule').find(([, r]) => r.Properties!.Targets?.some((t: any) => referencedId(t.Arn) === fnId('parked-entries-report')))!;
    expect(rule.Properties!.ScheduleExpression).toBe('rate(1 hour)');
    const target = rule.Properties!.Targets[0];
    expect(resources.get(referencedId(target.DeadLetterConfig.Arn)).Type).toBe('AWS::SQS::Queue');
  });

  it('reads the table and writes nothing (but its failures, to its DLQ)', () => {
    for (const name of ['parked-entries-report', 'parked-entries-api']) {
      const dynamo = actionsOf(name).filter((a) => a.startsWith('dynamodb:'));
      expect(dynamo.length, name).toBeGreaterThan(0);
      expect(dynamo.filter((a) => /Put|Update|Delete|Write/.test(a)), name).toEqual([]);
      expect(actionsOf(name).filter((a) => a.startsWith('events:')), name).toEqual([]);
    }
    // The API sends nowhere; the scheduled report only to its own DLQ, as its on-failure destination.
    expect(actionsOf('parked-entries-api').filter((a) => a.startsWith('sqs:'))).toEqual([]);
    expect(actionsOf('parked-entries-report').filter((a) => a.startsWith('sqs:') && a !== 'sqs:SendMessage' && !a.startsWith('sqs:GetQueue'))).toEqual([]);
  });

  it('alarms on the first overdue entry, notifying the alarm topic', () => {
    const [, alarm] = resources.ofType('AWS::CloudWatch::Alarm').find(([, a]) => a.Properties!.MetricName === 'ParkedEntriesOverdue')!;
    expect(alarm.Properties!).toMatchObject({
      Namespace: 'CrmIntegration',
      Dimensions: [{ Name: 'service', Value: 'parked-entries-report' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmName: 'crm-dev-parked-entries-overdue',
    });
    const [topicId] = resources.only('AWS::SNS::Topic');
    expect(alarm.Properties!.AlarmActions).toEqual([{ Ref: topicId }]);
  });
});

describe('GET /admin/parked-entries', () => {
  it('is one Cognito-protected method on the parked-entries-api function', () => {
    const methods = resources.ofType('AWS::ApiGateway::Method').filter(([, m]) => m.Properties!.HttpMethod === 'GET' && m.Properties!.OperationName === listParkedEntries.operationId);
    expect(methods).toHaveLength(1);
    const [, method] = methods[0]!;
    expect(method.Properties!.AuthorizationType).toBe('COGNITO_USER_POOLS');
    expect(JSON.stringify(method.Properties!.Integration.Uri)).toContain(fnId('parked-entries-api'));
    expect(listParkedEntries.access).toEqual({ kind: 'roles', roles: ['admin'] });
  });
});

describe('the customer-records table', () => {
  it('has the sparse parked-entries index, projecting what the report shows and no detail', () => {
    const [, table] = resources.ofType('AWS::DynamoDB::GlobalTable').concat(resources.ofType('AWS::DynamoDB::Table')).find(([, t]) => JSON.stringify(t).includes('parkedByAge'))!;
    const index = table.Properties!.GlobalSecondaryIndexes.find((i: any) => i.IndexName === 'parkedByAge');
    expect(index.KeySchema).toEqual([
      { AttributeName: 'parkedShard', KeyType: 'HASH' },
      { AttributeName: 'parkedAt', KeyType: 'RANGE' },
    ]);
    expect(index.Projection).toEqual({ ProjectionType: 'INCLUDE', NonKeyAttributes: ['accountId', 'eventId', 'producer', 'reference'] });
  });
});
