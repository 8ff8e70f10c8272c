// The Complaints construct as synthesized (beside the customer API, the customer-records table and a bus):
// its table and indexes, the routing path, the breach schedule, least privilege of each function, and
// cdk-nag on its resources.
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { INDEXES } from '../../shared/adapters/complaint-table-keys';
import { complaintApiRoutes } from '../../shared/contracts/api/complaints-routes';
import { complaintInsightRoutes } from '../../shared/contracts/api/complaints-insight-routes';
import { ROUTING_OUTBOX_FILTER } from '../../shared/adapters/complaint-outbox';
import { ROUTER_STREAM_RETRIES } from '../../infra/constructs/complaints';
import { functionLogicalId } from '../integration/api/synth-customer-api';
import { synthComplaints } from '../integration/complaints/complaints-api-harness';
import { CrmResources, getAtt, referencedId, synthCrmStack, type PolicyStatement } from './support/crm-template';

let dev: ReturnType<typeof synthComplaints>;
let resources: CrmResources;
let complaintsTableId: string;
let customerTableId: string;
let busId: string;
let accessRecordTableId: string;

beforeAll(() => {
  dev = synthComplaints('dev');
  resources = new CrmResources(dev.template);
  complaintsTableId = resources.ofType('AWS::DynamoDB::GlobalTable').find(([id]) => id.startsWith('Complaints'))![0];
  customerTableId = resources.ofType('AWS::DynamoDB::GlobalTable').find(([id]) => id.startsWith('CustomerRecords'))![0];
  [busId] = resources.only('AWS::Events::EventBus');
  accessRecordTableId = [...resources.ofType('AWS::DynamoDB::GlobalTable'), ...resources.ofType('AWS::DynamoDB::Table')].find(([id]) => id.includes('AccessRecord'))![0];
});

const fnId = (name: string) => functionLogicalId(dev.resources, name);
const statementsOf = (name: string): PolicyStatement[] => resources.statementsOfRole(referencedId(resources.get(fnId(name)).Properties!.Role));
const indexArn = (tableId: string) => ({ 'Fn::Join': ['', [getAtt(tableId, 'Arn'), '/index/*']] });
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

describe('the complaints table', () => {
  it('has the four sparse indexes the store queries, projecting whole complaints', () => {
    const table = resources.get(complaintsTableId).Properties!;
    expect(table.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName).sort()).toEqual(Object.values(INDEXES).map((i) => i.name).sort());
    for (const index of Object.values(INDEXES)) {
      const declared = table.GlobalSecondaryIndexes.find((i: { IndexName: string }) => i.IndexName === index.name);
      expect(declared.KeySchema).toEqual([
        { AttributeName: index.pk, KeyType: 'HASH' },
        { AttributeName: index.sk, KeyType: 'RANGE' },
      ]);
      expect(declared.Projection).toEqual({ ProjectionType: 'ALL' });
    }
  });

  it('expires idempotency keys, is on demand, encrypted and recoverable; prod protects and retains it', () => {
    const table = resources.get(complaintsTableId);
    expect(table.Properties!.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(table.Properties!.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties!.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    const prod = new CrmResources(synthComplaints('prod').template);
    const [, prodTable] = prod.ofType('AWS::DynamoDB::GlobalTable').find(([id]) => id.startsWith('Complaints'))!;
    expect(prodTable.Properties!.Replicas[0].DeletionProtectionEnabled).toBe(true);
    expect(prodTable.DeletionPolicy).toBe('Retain');
  });
});

describe('routing', () => {
  it("routes from the complaints table's stream (the outbox): new images of complaint items still RECEIVED, partial batches, halved, a few retries, then the failure queue", () => {
    const table = resources.get(complaintsTableId).Properties!;
    expect(table.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    const mappings = resources.ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => same(m.Properties!.EventSourceArn, getAtt(complaintsTableId, 'StreamArn')));
    expect(mappings).toHaveLength(1);
    const mapping = mappings[0]![1].Properties!;
    expect(referencedId(mapping.FunctionName)).toBe(fnId('complaint-router'));
    expect(mapping.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([ROUTING_OUTBOX_FILTER]);
    expect(mapping).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: ROUTER_STREAM_RETRIES,
      MaximumRecordAgeInSeconds: 3600,
    });
    const failureQueueId = referencedId(mapping.DestinationConfig.OnFailure.Destination);
    expect(resources.get(failureQueueId).Type).toBe('AWS::SQS::Queue');
    // No bus rule routes complaints any more: ComplaintReceived is announced by the router.
    expect(resources.ofType('AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties?.EventPattern ?? {}).includes('ComplaintReceived'))).toEqual([]);
  });

  it('scans for breaches on a schedule of the default bus, every configured number of minutes', () => {
    const [, schedule] = resources.ofType('AWS::Events::Rule').find(([, r]) => r.Properties?.ScheduleExpression)!;
    expect(schedule.Properties!.ScheduleExpression).toBe(`rate(${dev.config.complaints.breachScanMinutes} minutes)`);
    expect(schedule.Properties!.EventBusName).toBeUndefined();
    expect(referencedId(schedule.Properties!.Targets[0].Arn)).toBe(fnId('complaint-breaches'));
  });

  it.each([
    ['complaint-api', complaintApiRoutes],
    ['complaint-insights', complaintInsightRoutes],
  ] as const)('serves its routes from %s behind the Cognito authorizer', (name, routes) => {
    const methods = resources.ofType('AWS::ApiGateway::Method').filter(([, m]) => m.Properties!.OperationName);
    for (const route of routes) {
      const [, method] = methods.find(([, m]) => m.Properties!.OperationName === route.operationId)!;
      expect(method.Properties!.HttpMethod).toBe(route.method);
      expect(method.Properties!.AuthorizationType).toBe('COGNITO_USER_POOLS');
      expect(JSON.stringify(method.Properties!.Integration.Uri)).toContain(fnId(name));
    }
  });
});

describe('least privilege', () => {
  it.each(['complaint-api', 'complaint-router', 'complaint-breaches'])('%s reaches only the complaints table, Query on customer records (GetItem on the segmentation parameters only), and PutEvents on the bus unless it is the API', (name) => {
    const statements = statementsOf(name);
    const STREAM_READS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
    const streamReads = statements.filter((x) => x.Action.every((a) => STREAM_READS.includes(a)));
    // The router alone reads a stream: the complaints table's (ListStreams names no resource).
    if (name === 'complaint-router') {
      expect(streamReads.length).toBeGreaterThan(0);
      for (const s of streamReads) for (const r of s.Resource) expect(same(r, getAtt(complaintsTableId, 'StreamArn')) || r === '*', JSON.stringify(r)).toBe(true);
    } else expect(streamReads).toEqual([]);
    for (const s of statements.filter((x) => x.Action.some((a) => a.startsWith('dynamodb:')) && !streamReads.includes(x))) {
      // The API records a complaint filed for a customer (need-to-know): PutItem on the access record, nothing else.
      if (s.Resource.some((r) => same(r, getAtt(accessRecordTableId, 'Arn')))) {
        expect(name).toBe('complaint-api');
        expect(s.Action).toEqual(['dynamodb:PutItem']);
        for (const r of s.Resource) expect([getAtt(accessRecordTableId, 'Arn'), indexArn(accessRecordTableId)].some((ok) => same(ok, r)), JSON.stringify(r)).toBe(true);
        continue;
      }
      const onCustomerRecords = s.Resource.some((r) => same(r, getAtt(customerTableId, 'Arn')) || same(r, indexArn(customerTableId)));
      const getsParameters = s.Action.length === 1 && s.Action[0] === 'dynamodb:GetItem' && (s as { Condition?: unknown }).Condition !== undefined;
      if (getsParameters) {
        expect(name).not.toBe('complaint-breaches');
        expect((s as { Condition?: unknown }).Condition).toEqual({ 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['SEGMENTATION'] } });
      } else if (onCustomerRecords) {
        // The router reads a stream batch's customer facts in one BatchGetItem, on the table alone (no index).
        if (name === 'complaint-router' && s.Action.includes('dynamodb:BatchGetItem')) {
          expect(s.Action).toEqual(['dynamodb:BatchGetItem']);
          for (const r of s.Resource) expect(same(r, getAtt(customerTableId, 'Arn')), JSON.stringify(r)).toBe(true);
          continue;
        }
        expect(s.Action).toEqual(['dynamodb:Query']);
      }
      // The router reads the batch's recent complaints in one PartiQL SELECT on the byCustomer index only.
      if (s.Action.includes('dynamodb:PartiQLSelect')) {
        expect(name).toBe('complaint-router');
        expect(s.Action).toEqual(['dynamodb:PartiQLSelect']);
        expect(JSON.stringify(s.Resource)).toContain('/index/byCustomer');
        continue;
      }
      for (const r of s.Resource) {
        expect([getAtt(complaintsTableId, 'Arn'), indexArn(complaintsTableId), getAtt(customerTableId, 'Arn'), indexArn(customerTableId)].some((ok) => same(ok, r)), JSON.stringify(r)).toBe(true);
      }
      // UpdateItem: the breach scan's outbox sweep, and the analytics counters' ADD in the transactions of
      // intake, lifecycle changes (the API) and routing (the router).
      const updates = ['complaint-breaches', 'complaint-api', 'complaint-router'].includes(name);
      const allowed = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem', ...(updates ? ['dynamodb:UpdateItem'] : [])];
      for (const a of s.Action) expect(allowed).toContain(a);
      expect(s.Action).not.toContain('dynamodb:DeleteItem');
    }
    const events = statements.filter((x) => x.Action.some((a) => a.startsWith('events:')));
    // The API publishes nothing: the stored complaint is the routing outbox.
    if (name === 'complaint-api') {
      expect(events).toEqual([]);
      return;
    }
    expect(events).toHaveLength(1);
    expect(events[0]!.Action).toEqual(['events:PutEvents']);
    expect(events[0]!.Resource).toEqual([getAtt(busId, 'Arn')]);
    const services = new Set(statements.flatMap((s) => s.Action.map((a) => a.split(':')[0])));
    // The router sends rejections to its DLQ; the breach scan sends a failed scheduled run to its on-failure queue.
    expect([...services].sort()).toEqual(['dynamodb', 'events', 'logs', 'sqs', 'xray']);
  });

  it('complaint-insights reaches the complaints table only (DeleteItem for articles), never customer records nor the bus', () => {
    const statements = statementsOf('complaint-insights');
    const services = new Set(statements.flatMap((s) => s.Action.map((a) => a.split(':')[0])));
    expect([...services].sort()).toEqual(['dynamodb', 'logs', 'xray']);
    for (const s of statements.filter((x) => x.Action.some((a) => a.startsWith('dynamodb:')))) {
      for (const r of s.Resource) expect([getAtt(complaintsTableId, 'Arn'), indexArn(complaintsTableId)].some((ok) => same(ok, r)), JSON.stringify(r)).toBe(true);
    }
    expect(statements.some((s) => s.Action.includes('dynamodb:DeleteItem'))).toBe(true);
  });
});

describe('AwsSolutions (cdk-nag)', () => {
  it('finds nothing unacknowledged in the complaint resources', () => {
    const report = new AwsSolutionsChecks().validateScope(dev.complaints);
    const ours = report.violations.filter((v) => v.violatingResources.some((r) => r.constructPath?.includes('/Complaints/')));
    expect(ours.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});

describe('calendar alarms', () => {
  it('alarm when the known holidays end within 45 days and when a deadline was counted past them', () => {
    // The stack watches the construct's metrics through Operations (runbook section, alarm topic).
    const { template } = synthCrmStack('dev');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'CalendarDaysKnownAhead',
      Namespace: 'CrmIntegration',
      Dimensions: [{ Name: 'service', Value: 'complaint-breaches' }],
      Threshold: 45,
      ComparisonOperator: 'LessThanThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'DeadlinesBeyondKnownCalendar',
      Dimensions: [{ Name: 'service', Value: 'complaint-router' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });
});
