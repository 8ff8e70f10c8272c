// Fit for production (issue 13), read from the synthesized templates of both stages: stage settings a
// bank overrides without code, telemetry that cannot capture personal data, alarms an on-call engineer
// can act on, least privilege and isolation. cfn-lint and cdk-nag run in tests/infra/template-lint.test.ts
// and tests/infra/cdk-nag.test.ts.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRACER_NEVER_CAPTURES } from '../../infra/constructs/crm-function';
import { RUNBOOK_SECTIONS } from '../../infra/constructs/operations';
import { stageConfig, type StageName } from '../../infra/stage-config';
import { deployProblems, parseStageSettings, resolveStageConfig, SETTINGS_CONTEXT_KEY } from '../../infra/stage-settings';
import { type CfnResource, type CrmResources, getAtt, type PolicyStatement, ref, referencedId, synthCrmStack } from './support/crm-template';

const STAGES = ['dev', 'prod'] as const;
const built = {} as Record<StageName, { resources: CrmResources; json: any }>;

beforeAll(() => {
  for (const stage of STAGES) {
    const { resources, template } = synthCrmStack(stage);
    built[stage] = { resources, json: template.toJSON() };
  }
});

// Our functions: CDK's own S3 notifications handler (inline Python, no Powertools, run once per deploy) is not one.
const functions = (stage: StageName) =>
  built[stage].resources.ofType('AWS::Lambda::Function').filter(([id]) => !id.startsWith('BucketNotificationsHandler'));
const serviceName = (fn: CfnResource) => fn.Properties!.Environment.Variables.POWERTOOLS_SERVICE_NAME as string;
const functionNamed = (stage: StageName, name: string) => {
  const found = functions(stage).find(([, f]) => serviceName(f) === name);
  if (!found) throw new Error(`No function ${name}`);
  return found;
};
const statementsOf = (stage: StageName, fnId: string): PolicyStatement[] =>
  built[stage].resources.statementsOfRole(referencedId(built[stage].resources.get(fnId).Properties!.Role));
const context = (values: Record<string, unknown>) => ({ tryGetContext: (key: string) => values[key] });

describe('1. stage settings from context, validated', () => {
  const ready = { account: '123456789012', region: 'eu-west-1', alarmEmail: 'oncall@bank.example', api: { createWebAcl: { requestsPer5MinutesPerIp: 2000 } } };

  it('refuses a prod synth that lacks an alarm subscription, a web ACL decision, an account and a region, saying what to set', () => {
    expect(() => resolveStageConfig(context({ stage: 'prod' }))).toThrow(/set alarmEmail .* or alarmSubscriptions/);
    expect(() => resolveStageConfig(context({ stage: 'prod' }))).toThrow(/api\.wafWebAclArn .* or api\.createWebAcl/);
    expect(() => resolveStageConfig(context({ stage: 'prod' }))).toThrow(/set account .* and region/);
    const { alarmEmail: _, ...noAlarm } = ready;
    expect(() => resolveStageConfig(context({ stage: 'prod', [SETTINGS_CONTEXT_KEY]: JSON.stringify(noAlarm) }))).toThrow(/Alarms notify nobody/);
  });

  it('accepts prod once those are given, as -c passes them (a JSON string), and binds the stage to its account and region', () => {
    const config = resolveStageConfig(context({ stage: 'prod', [SETTINGS_CONTEXT_KEY]: JSON.stringify(ready) }));
    expect(config.env).toEqual({ account: '123456789012', region: 'eu-west-1' });
    expect(config.alarmEmail).toBe('oncall@bank.example');
    expect(config.api.createWebAcl).toEqual({ requestsPer5MinutesPerIp: 2000 });
    // What was not given keeps the stage's default.
    expect(config.api.throttle).toEqual(stageConfig('prod').api.throttle);
    expect(config.concurrency.reserved['ingest-events']).toBe(stageConfig('prod').concurrency.reserved['ingest-events']);
  });

  it('reads a settings file, and lets inline context override it', () => {
    const file = new URL('./fixtures/prod-settings.json', import.meta.url);
    const settings = JSON.parse(readFileSync(file, 'utf8'));
    const config = resolveStageConfig(
      context({ stage: 'prod', 'crm:settingsFile': file.pathname, [SETTINGS_CONTEXT_KEY]: { concurrency: { reserved: { 'ingest-events': 80 } } } }),
    );
    expect(config.api.wafWebAclArn).toBe(settings.api.wafWebAclArn);
    expect(config.permissionsBoundaryArn).toBe(settings.permissionsBoundaryArn);
    expect(config.concurrency.reserved['ingest-events']).toBe(80);
    expect(config.concurrency.reserved['complaint-router']).toBe(stageConfig('prod').concurrency.reserved['complaint-router']);
  });

  it('names the field of a bad or unknown setting', () => {
    expect(() => parseStageSettings({ account: '12345' }, 'ctx')).toThrow(/account: a 12-digit AWS account id/);
    expect(() => parseStageSettings({ api: { wafWebAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:global/webacl/x/1' } }, 'ctx')).toThrow(/api\.wafWebAclArn: a regional WAFv2 web ACL ARN/);
    expect(() => parseStageSettings({ alarmEmails: ['x@y.z'] }, 'ctx')).toThrow(/alarmEmails/);
    expect(() => parseStageSettings({ alarmSubscriptions: [{ protocol: 'https', endpoint: 'http://insecure' }] }, 'ctx')).toThrow(/alarmSubscriptions\.0/);
    expect(() => parseStageSettings('{not json', 'ctx')).toThrow(/ctx is not JSON/);
  });

  it('refuses reservations that starve the account or throttle a queue below its event source maximum', () => {
    const base = stageConfig('dev');
    expect(deployProblems({ ...base, concurrency: { ...base.concurrency, reserved: { a: 500, b: 500 } } }).join()).toMatch(/adds up to 1000/);
    const throttled = { ...base, concurrency: { reserved: { 'ingest-events': 5 }, sqsMaximum: 2, sqsMaximumByFunction: { 'ingest-events': 10 } } };
    expect(deployProblems(throttled).join()).toMatch(/reserved\.ingest-events \(5\) is below/);
    expect(deployProblems(base)).toEqual([]);
  });

  it.each(STAGES)('%s: a given web ACL is associated, or the created one has the managed rule groups and a rate rule', (stage) => {
    const arn = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/bank/abc';
    const { resources } = synthCrmStack(stage, { config: { api: { ...stageConfig(stage).api, wafWebAclArn: arn } } });
    expect(resources.ofType('AWS::WAFv2::WebACL')).toEqual([]);
    expect(resources.only('AWS::WAFv2::WebACLAssociation')[1].Properties!.WebACLArn).toBe(arn);

    const created = synthCrmStack(stage, { config: { api: { ...stageConfig(stage).api, createWebAcl: { requestsPer5MinutesPerIp: 1500 } } } }).resources;
    const [aclId, acl] = created.only('AWS::WAFv2::WebACL');
    expect(acl.Properties!.Scope).toBe('REGIONAL');
    const rules = acl.Properties!.Rules as any[];
    expect(rules.filter((r) => r.Statement.ManagedRuleGroupStatement?.VendorName === 'AWS').map((r) => r.Statement.ManagedRuleGroupStatement.Name)).toEqual(
      expect.arrayContaining(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList']),
    );
    const rate = rules.find((r) => r.Statement.RateBasedStatement);
    expect(rate.Statement.RateBasedStatement).toEqual({ Limit: 1500, AggregateKeyType: 'IP' });
    expect(rate.Action).toEqual({ Block: {} });
    const [, association] = created.only('AWS::WAFv2::WebACLAssociation');
    expect(association.Properties!.WebACLArn).toEqual(getAtt(aclId, 'Arn'));
  });

  it('prod (as the tests build it, with its decisions) has a web ACL; dev may run without one', () => {
    expect(built.prod.resources.ofType('AWS::WAFv2::WebACLAssociation')).toHaveLength(1);
    expect(built.dev.resources.ofType('AWS::WAFv2::WebACLAssociation')).toEqual([]);
  });

  it('binds prod to the account and region it was given', () => {
    const { stack } = synthCrmStack('prod');
    expect(stack.account).toBe('123456789012');
    expect(stack.region).toBe('eu-west-1');
  });
});

describe.each(STAGES)('2. telemetry without personal data (%s)', (stage) => {
  it('no function lets Powertools Tracer capture a response or an error', () => {
    expect(functions(stage).length).toBeGreaterThanOrEqual(11);
    for (const [id, fn] of functions(stage)) {
      const env = fn.Properties!.Environment?.Variables ?? {};
      for (const [name, value] of Object.entries(TRACER_NEVER_CAPTURES)) expect(env[name], `${id} ${name}`).toBe(value);
    }
  });

  it('the API logs neither bodies nor paths', () => {
    const [, apiStage] = built[stage].resources.only('AWS::ApiGateway::Stage');
    for (const setting of apiStage.Properties!.MethodSettings) expect(setting.DataTraceEnabled).toBe(false);
    expect(apiStage.Properties!.AccessLogSetting.Format).not.toContain('$context.path');
  });
});

describe.each(STAGES)('3. alarms and the dashboard (%s)', (stage) => {
  const alarms = () => built[stage].resources.ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
  const runbook = readFileSync(new URL('../../docs/runbook.md', import.meta.url), 'utf8');
  const anchors = new Set([...runbook.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
  const metricOf = (a: any) => a.MetricName ?? '';
  const metricsInMath = (a: any) => (a.Metrics ?? []).map((m: any) => m.MetricStat?.Metric).filter(Boolean);
  const dimension = (m: any, name: string) => m.Dimensions?.find((d: any) => d.Name === name)?.Value;

  it('every alarm says what to do and links a runbook section that exists', () => {
    expect(alarms().length).toBeGreaterThan(40);
    for (const alarm of alarms() as any[]) {
      expect(alarm.AlarmDescription, alarm.AlarmName).toMatch(/ Do: .+ Runbook: docs\/runbook\.md#[a-z0-9-]+$/);
      const anchor = alarm.AlarmDescription.split('#').pop();
      expect(anchors.has(anchor), `${alarm.AlarmName} → #${anchor}`).toBe(true);
    }
    for (const section of Object.values(RUNBOOK_SECTIONS)) expect(anchors.has(section), section).toBe(true);
  });

  it('watch the API: 5XX rate and p99 latency', () => {
    const rate = alarms().find((a: any) => metricsInMath(a).some((m: any) => m.MetricName === '5XXError')) as any;
    expect(rate.Metrics.find((m: any) => m.Expression).Expression).toContain('100 * errors / requests');
    const latency = alarms().find((a: any) => a.Namespace === 'AWS/ApiGateway' && metricOf(a) === 'Latency') as any;
    expect(latency.ExtendedStatistic).toBe('p99');
  });

  it('watch every function: errors, throttles, and p99 duration at 80% of its timeout beyond request functions (10 s or less: the API latency alarm)', () => {
    for (const [id, fn] of functions(stage)) {
      const on = (metric: string) => alarms().filter((a: any) => a.Namespace === 'AWS/Lambda' && a.MetricName === metric && JSON.stringify(dimension(a, 'FunctionName')) === JSON.stringify(ref(id)));
      expect(on('Errors'), id).toHaveLength(1);
      expect(on('Throttles'), id).toHaveLength(1);
      const timeout = fn.Properties!.Timeout ?? 3;
      const duration = on('Duration') as any[];
      if (timeout <= 10) {
        expect(duration, id).toEqual([]);
        continue;
      }
      expect(duration[0].ExtendedStatistic).toBe('p99');
      expect(duration[0].Threshold).toBe(Math.round(timeout * 1000 * 0.8));
    }
  });

  it('watch both tables for throttled requests and system errors, and the stream for iterator age', () => {
    for (const [tableId] of built[stage].resources.ofType('AWS::DynamoDB::GlobalTable')) {
      for (const metric of ['ThrottledRequests', 'SystemErrors']) {
        const found = alarms().filter((a: any) => metricsInMath(a).some((m: any) => m.MetricName === metric && JSON.stringify(dimension(m, 'TableName')) === JSON.stringify(ref(tableId))));
        expect(found, `${tableId} ${metric}`).toHaveLength(1);
      }
    }
    const [reevaluateId] = functionNamed(stage, 'segmentation-reevaluate');
    expect(alarms().filter((a: any) => a.MetricName === 'IteratorAge' && JSON.stringify(dimension(a, 'FunctionName')) === JSON.stringify(ref(reevaluateId)))).toHaveLength(1);
  });

  it("watch every dead-letter queue's depth and its oldest message before SQS deletes it", () => {
    const dlqs = [...built[stage].resources.deadLetterQueueIds()];
    expect(dlqs.length).toBeGreaterThanOrEqual(8);
    for (const dlqId of dlqs) {
      const on = (metric: string) => alarms().filter((a: any) => a.MetricName === metric && JSON.stringify(dimension(a, 'QueueName')) === JSON.stringify(getAtt(dlqId, 'QueueName')));
      expect(on('ApproximateNumberOfMessagesVisible'), dlqId).toHaveLength(1);
      const [age] = on('ApproximateAgeOfOldestMessage') as any[];
      const retention = built[stage].resources.get(dlqId).Properties!.MessageRetentionPeriod;
      expect(age.Threshold, dlqId).toBeLessThan(retention);
    }
  });

  it('watch every schedule for failed invocations', () => {
    const schedules = built[stage].resources.ofType('AWS::Events::Rule').filter(([, r]) => r.Properties!.ScheduleExpression);
    expect(schedules.length).toBe(3); // recalibration, breach scan, parked-entries report
    for (const [ruleId] of schedules) {
      expect(alarms().filter((a: any) => a.MetricName === 'FailedInvocations' && JSON.stringify(dimension(a, 'RuleName')) === JSON.stringify(ref(ruleId))), ruleId).toHaveLength(1);
    }
  });

  it('one dashboard with the business figures beside the health', () => {
    const [, dashboard] = built[stage].resources.only('AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties!.DashboardBody);
    for (const figure of ['EventsApplied', 'EventsRejected', 'ComplaintsRouted', 'ComplaintsEscalated', 'SegmentChangesPublished', '5XXError', 'IteratorAge']) {
      expect(body).toContain(figure);
    }
  });

  it('the alarm topic reaches its subscribers, with a dead-letter queue for what it cannot deliver', () => {
    const { resources } = synthCrmStack(stage, {
      config: { alarmEmail: undefined, alarmSubscriptions: [{ protocol: 'https', endpoint: 'https://events.example-oncall.com/crm' }, { protocol: 'email', endpoint: 'team@bank.example' }] },
    });
    const subs = resources.ofType('AWS::SNS::Subscription').map(([, s]) => s.Properties!);
    expect(subs.map((s) => [s.Protocol, s.Endpoint]).sort()).toEqual([['email', 'team@bank.example'], ['https', 'https://events.example-oncall.com/crm']]);
    for (const s of subs) expect(s.RedrivePolicy.deadLetterTargetArn).toBeDefined();
  });
});

describe.each(STAGES)('4. least privilege and isolation (%s)', (stage) => {
  const dynamoActions = (fnId: string) => [...new Set(statementsOf(stage, fnId).flatMap((s) => s.Action).filter((a) => a.startsWith('dynamodb:')))].sort();
  // What each function's adapters call (read from the handlers and shared/adapters), and nothing else.
  const expected: Record<string, string[]> = {
    // Customer records read; the access record added to (PutItem only: shared/adapters/access-record-store.ts).
    'customer-api': ['GetItem', 'PutItem', 'Query'],
    'access-record-api': ['Query'],
    // Releasing parked entries (shared/accounts): a Query for the account's entries, BatchWriteItem to remove them.
    'ingest-events': ['BatchWriteItem', 'PutItem', 'Query', 'UpdateItem'],
    'parked-entries-report': ['Query'],
    'parked-entries-api': ['Query'],
    'segmentation-reevaluate': ['DescribeStream', 'GetItem', 'GetRecords', 'GetShardIterator', 'ListStreams', 'PutItem', 'Query', 'UpdateItem'],
    'segmentation-recalibration-start': ['GetItem', 'PutItem', 'Query', 'UpdateItem'],
    'segmentation-recalibration-worker': ['GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem'],
    'segmentation-api': ['GetItem', 'PutItem', 'Query', 'UpdateItem'],
    // Intake and lifecycle changes ADD to the day's analytics counters in the same transaction.
    'complaint-api': ['ConditionCheckItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    // The router reads the complaints table's stream (the routing outbox), a stream batch's customer
    // facts in one BatchGetItem and their recent complaints in one PartiQL SELECT (batch-reads.ts), and
    // moves the day's analytics counters in the routing's transaction.
    'complaint-router': ['BatchGetItem', 'ConditionCheckItem', 'DescribeStream', 'GetItem', 'GetRecords', 'GetShardIterator', 'ListStreams', 'PartiQLSelect', 'PutItem', 'Query', 'UpdateItem'],
    'complaint-breaches': ['ConditionCheckItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    'complaint-insights': ['ConditionCheckItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query'],
    'api-document': [],
    // Connectors: the account directory (BatchGetItem), parked entries (PutItem, Query, BatchWriteItem to remove).
    'camt-files': ['BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    'camt-messages': ['BatchGetItem', 'BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    // A page of processing records: the listing (Query), then its records in one BatchGetItem.
    'camt-api': ['BatchGetItem', 'GetItem', 'Query'],
    'fineract-events': ['BatchGetItem', 'BatchWriteItem', 'GetItem', 'PutItem', 'Query'],
    // The initial load writes in batches and, once after a load, scans the table to assess every customer.
    'initial-load-api': ['BatchWriteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
    'initial-load-worker': ['BatchWriteItem', 'ConditionCheckItem', 'GetItem', 'PutItem', 'Query', 'Scan', 'UpdateItem'],
  };

  it('grants each function the DynamoDB actions it uses: no Scan but the index scan, no batch calls', () => {
    for (const [name, actions] of Object.entries(expected)) {
      // Prod connects Fineract only when its settings name the bank's broker.
      if (name === 'fineract-events' && !stageConfig(stage).fineract) continue;
      const [fnId] = functionNamed(stage, name);
      expect(dynamoActions(fnId), name).toEqual(actions.map((a) => `dynamodb:${a}`));
    }
    // Any function (merged constructs included) with a Scan or a batch write must be named above.
    for (const [fnId, fn] of functions(stage)) {
      const risky = dynamoActions(fnId).filter((a) => ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem', 'dynamodb:*'].includes(a));
      if (risky.length) expect(expected[serviceName(fn)] ?? [], serviceName(fn)).toEqual(expect.arrayContaining(risky.map((a) => a.slice('dynamodb:'.length))));
    }
  });

  it('the one Scan reaches the sparse segment index only', () => {
    const [workerId] = functionNamed(stage, 'segmentation-recalibration-worker');
    const scans = statementsOf(stage, workerId).filter((s) => s.Action.includes('dynamodb:Scan'));
    expect(scans).toHaveLength(1);
    expect(JSON.stringify(scans[0]!.Resource)).toMatch(/\/index\/BySegmentBranch"\]\]\}\]$/);
  });

  it('caps every SQS event source, so a burst cannot take the API\'s concurrency', () => {
    const config = stageConfig(stage).concurrency;
    for (const { mapping, fn } of built[stage].resources.sqsConsumers()) {
      const max = mapping.Properties!.ScalingConfig?.MaximumConcurrency;
      expect(max, serviceName(fn)).toBe(config.sqsMaximumByFunction[serviceName(fn)] ?? config.sqsMaximum);
      // A reservation below the source's maximum would throttle the queue's own consumer.
      if (fn.Properties!.ReservedConcurrentExecutions !== undefined) expect(fn.Properties!.ReservedConcurrentExecutions).toBeGreaterThanOrEqual(max);
    }
  });

  it('reserves concurrency as the stage says; the API functions share what is left', () => {
    const reserved = stageConfig(stage).concurrency.reserved;
    for (const [id, fn] of functions(stage)) expect(fn.Properties!.ReservedConcurrentExecutions, id).toBe(reserved[serviceName(fn)]);
    if (stage === 'prod') {
      for (const name of ['customer-api', 'segmentation-api', 'complaint-api', 'complaint-insights']) expect(reserved[name]).toBeUndefined();
      for (const name of ['ingest-events', 'segmentation-reevaluate', 'segmentation-recalibration-worker', 'complaint-router']) expect(reserved[name]).toBeGreaterThan(0);
    }
  });

  it('every scheduled invocation has a DLQ on its target and an on-failure destination on its function', () => {
    const { resources } = built[stage];
    const schedules = resources.ofType('AWS::Events::Rule').filter(([, r]) => r.Properties!.ScheduleExpression);
    for (const [ruleId, rule] of schedules) {
      for (const target of rule.Properties!.Targets) {
        expect(target.DeadLetterConfig?.Arn, ruleId).toBeDefined();
        const fnId = referencedId(target.Arn);
        const config = resources.ofType('AWS::Lambda::EventInvokeConfig').find(([, c]) => referencedId(c.Properties!.FunctionName) === fnId);
        expect(config, fnId).toBeDefined();
        expect(resources.get(referencedId(config![1].Properties!.DestinationConfig.OnFailure.Destination)).Type).toBe('AWS::SQS::Queue');
      }
    }
  });

  it('work queues and DLQs keep messages 14 days', () => {
    for (const [id, queue] of built[stage].resources.ofType('AWS::SQS::Queue')) expect(queue.Properties!.MessageRetentionPeriod, id).toBe(14 * 24 * 3600);
  });

  it('the app client allows SRP sign-in only, no OAuth flows or callbacks', () => {
    const [, client] = built[stage].resources.only('AWS::Cognito::UserPoolClient');
    expect(client.Properties!.ExplicitAuthFlows.sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
    expect(client.Properties!.AllowedOAuthFlows).toBeUndefined();
    expect(client.Properties!.CallbackURLs).toBeUndefined();
    expect(client.Properties!.AllowedOAuthFlowsUserPoolClient).not.toBe(true);
  });

  it("creates API Gateway's account-level CloudWatch role only when the stage owns it", () => {
    expect(built[stage].resources.ofType('AWS::ApiGateway::Account')).toEqual([]);
    const { resources } = synthCrmStack(stage, { config: { api: { ...stageConfig(stage).api, ...(stage === 'prod' ? { createWebAcl: { requestsPer5MinutesPerIp: 2000 } } : {}), cloudWatchRole: true } } });
    expect(resources.ofType('AWS::ApiGateway::Account')).toHaveLength(1);
  });

  it('bounds every role by the permissions boundary when the stage names one', () => {
    const boundary = 'arn:aws:iam::123456789012:policy/bank-boundary';
    const { resources } = synthCrmStack(stage, { config: { permissionsBoundaryArn: boundary } });
    const roles = resources.ofType('AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(10);
    for (const [id, role] of roles) expect(role.Properties!.PermissionsBoundary, id).toBe(boundary);
    for (const [id, role] of built[stage].resources.ofType('AWS::IAM::Role')) expect(role.Properties!.PermissionsBoundary, id).toBeUndefined();
  });
});

describe('4. customer-managed keys (prod by default, dev when asked)', () => {
  const withKeys = () => built.prod.resources;
  const dataKey = () => withKeys().ofType('AWS::KMS::Key').find(([, k]) => /data at rest/.test(k.Properties!.Description))!;

  it('encrypt the tables, every queue that holds events, the bus, the archive and every log group', () => {
    const resources = withKeys();
    const [keyId] = dataKey();
    const byKey = JSON.stringify(getAtt(keyId, 'Arn'));
    for (const [id, table] of resources.ofType('AWS::DynamoDB::GlobalTable')) {
      expect(JSON.stringify(table.Properties!.Replicas[0].SSESpecification.KMSMasterKeyId), id).toBe(byKey);
    }
    for (const [id, queue] of resources.ofType('AWS::SQS::Queue')) {
      if (id.includes('AlarmDelivery')) expect(queue.Properties!.SqsManagedSseEnabled, id).toBe(true);
      else expect(JSON.stringify(queue.Properties!.KmsMasterKeyId), id).toBe(byKey);
    }
    expect(JSON.stringify(resources.only('AWS::Events::EventBus')[1].Properties!.KmsKeyIdentifier)).toBe(byKey);
    expect(JSON.stringify(resources.only('AWS::Events::Archive')[1].Properties!.KmsKeyIdentifier)).toBe(byKey);
    for (const [id, group] of resources.ofType('AWS::Logs::LogGroup')) expect(JSON.stringify(group.Properties!.KmsKeyId), id).toBe(byKey);
  });

  it('let EventBridge (bus, archive, deliveries to encrypted queues) and CloudWatch Logs use the key, in this account only, and rotate', () => {
    const [, key] = dataKey();
    expect(key.Properties!.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    const statements = key.Properties!.KeyPolicy.Statement as any[];
    const events = statements.find((s) => s.Principal?.Service === 'events.amazonaws.com');
    expect([events.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey']);
    expect(events.Condition.StringEquals['aws:SourceAccount']).toBe('123456789012');
    const logs = statements.find((s) => s.Principal?.Service === 'logs.eu-west-1.amazonaws.com');
    expect(JSON.stringify(logs.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn'])).toContain(':logs:eu-west-1:123456789012:log-group:*');
  });

  it('are granted to the functions that read or write the encrypted table', () => {
    const [keyId] = dataKey();
    const [ingestId] = functionNamed('prod', 'ingest-events');
    const kms = statementsOf('prod', ingestId).filter((s) => s.Action.some((a) => a.startsWith('kms:')));
    expect(kms.flatMap((s) => s.Resource).every((r) => JSON.stringify(r) === JSON.stringify(getAtt(keyId, 'Arn')))).toBe(true);
    expect(kms.flatMap((s) => s.Action)).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']));
  });

  it('dev uses AWS-managed keys and SSE-SQS unless it asks', () => {
    expect(built.dev.resources.ofType('AWS::KMS::Key')).toHaveLength(1); // the alarm topic's
    for (const [id, queue] of built.dev.resources.ofType('AWS::SQS::Queue')) expect(queue.Properties!.SqsManagedSseEnabled, id).toBe(true);
  });
});
