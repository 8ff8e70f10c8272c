// The access record in the synthesized template: no role of the stack can change or delete an entry.
// The API functions that serve personal data may only add entries (dynamodb:PutItem), the access-record
// API may only read them (dynamodb:Query), nobody else has any grant on the table, entries expire after
// the stage's retention period, and the table survives the stack in prod.
import { beforeAll, describe, expect, it } from 'vitest';
import { stageConfig, type StageName } from '../../infra/stage-config';
import { accessRecordRoutes } from '../../shared/contracts/api/access-record-routes';
import { documentedRoutes } from '../../shared/contracts/api/api-document';
import { type CfnResource, type CrmResources, referencedId, synthCrmStack } from './support/crm-template';

const STAGES = ['dev', 'prod'] as const;
const built = {} as Record<StageName, CrmResources>;
beforeAll(() => {
  for (const stage of STAGES) built[stage] = synthCrmStack(stage).resources;
}, 240_000);

const RECORDERS = ['customer-api', 'segmentation-api', 'complaint-api', 'data-protection-api'];

function accessTable(resources: CrmResources): [string, CfnResource] {
  const tables = [...resources.ofType('AWS::DynamoDB::GlobalTable'), ...resources.ofType('AWS::DynamoDB::Table')];
  const found = tables.filter(([id]) => id.includes('AccessRecord'));
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** Every statement in the template (role policies and inline ones) whose resources reference the table. */
function statementsOnTable(resources: CrmResources, tableId: string) {
  const out: { roleIds: string[]; actions: string[] }[] = [];
  for (const [, policy] of resources.ofType('AWS::IAM::Policy')) {
    for (const s of [policy.Properties!.PolicyDocument.Statement].flat()) {
      if (!JSON.stringify(s.Resource ?? '').includes(`"${tableId}"`)) continue;
      out.push({ roleIds: (policy.Properties!.Roles ?? []).map(referencedId), actions: [s.Action].flat() });
    }
  }
  for (const [roleId, role] of resources.ofType('AWS::IAM::Role')) {
    for (const p of role.Properties?.Policies ?? []) {
      for (const s of [p.PolicyDocument.Statement].flat()) {
        if (JSON.stringify(s.Resource ?? '').includes(`"${tableId}"`)) out.push({ roleIds: [roleId], actions: [s.Action].flat() });
      }
    }
  }
  return out;
}

const serviceOfRole = (resources: CrmResources, roleId: string) => {
  const fn = resources.ofType('AWS::Lambda::Function').find(([, f]) => referencedId(f.Properties!.Role) === roleId);
  return fn?.[1].Properties!.Environment.Variables.POWERTOOLS_SERVICE_NAME as string | undefined;
};

describe.each(STAGES)('the access record (%s)', (stage) => {
  it('can only be added to by the API functions and only be queried by the access-record API', () => {
    const resources = built[stage];
    const [tableId] = accessTable(resources);
    const grants = statementsOnTable(resources, tableId);
    const byService = new Map<string, Set<string>>();
    for (const g of grants) {
      for (const roleId of g.roleIds) {
        const service = serviceOfRole(resources, roleId) ?? `role ${roleId}`;
        const actions = byService.get(service) ?? new Set<string>();
        g.actions.filter((a) => a.startsWith('dynamodb:')).forEach((a) => actions.add(a));
        byService.set(service, actions);
      }
    }
    expect(Object.fromEntries([...byService].map(([s, a]) => [s, [...a].sort()]))).toEqual({
      ...Object.fromEntries(RECORDERS.map((s) => [s, ['dynamodb:PutItem']])),
      'access-record-api': ['dynamodb:Query'],
    });
    const everyAction = grants.flatMap((g) => g.actions);
    for (const forbidden of ['dynamodb:DeleteItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:*', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:PartiQLDelete', 'dynamodb:PartiQLUpdate']) {
      expect(everyAction, forbidden).not.toContain(forbidden);
    }
  });

  it('expires entries after the stage retention period, keeps point-in-time recovery, and survives the stack in prod', () => {
    const resources = built[stage];
    const [tableId, table] = accessTable(resources);
    expect(table.Properties!.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    const replica = table.Properties!.Replicas?.[0] ?? table.Properties!;
    expect(replica.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled).toBe(true);
    for (const service of RECORDERS) {
      const fn = resources.ofType('AWS::Lambda::Function').find(([, f]) => f.Properties!.Environment.Variables.POWERTOOLS_SERVICE_NAME === service)![1];
      expect(fn.Properties!.Environment.Variables.ACCESS_RECORD_RETENTION_DAYS).toBe(String(stageConfig(stage).accessRecord.retentionDays));
      expect(JSON.stringify(fn.Properties!.Environment.Variables.ACCESS_RECORD_TABLE_NAME)).toContain(tableId);
      // The pseudonym key is a dynamic reference resolved at deploy: its value is never in the template.
      expect(JSON.stringify(fn.Properties!.Environment.Variables.PSEUDONYM_KEY)).toContain('{{resolve:secretsmanager:');
    }
    if (stage === 'prod') {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(replica.DeletionProtectionEnabled ?? table.Properties!.DeletionProtectionEnabled).toBe(true);
    }
  });

  it('alarms on every break-glass access through Operations', () => {
    const alarms = built[stage].ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
    const alarm = alarms.find((a) => JSON.stringify(a.Metrics ?? '').includes('BreakGlassAccesses'));
    expect(alarm, 'a break-glass alarm').toBeDefined();
    expect(alarm!.Threshold).toBe(1);
    for (const service of RECORDERS) expect(JSON.stringify(alarm!.Metrics)).toContain(`"Value":"${service}"`);
    expect(alarm!.AlarmDescription).toContain('docs/runbook.md#break-glass-access');
  });
});

describe('the API', () => {
  it('has no route that changes or deletes an access-record entry', () => {
    expect(accessRecordRoutes.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
    const touching = documentedRoutes.filter((r) => /access/.test(r.path) && r.method !== 'GET');
    expect(touching).toEqual([]);
  });
});
