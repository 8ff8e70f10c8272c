// What differs between stages, and what must not: the customer-records table's shape is the same in
// both; prod protects and keeps its stateful resources, dev can be torn down.
import { beforeAll, describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/stage-config';
import { OPERATIONS_NESTED_STACK_ID } from '../../infra/constructs/operations';
import { type CfnResource, type CrmResources, type DeployedTemplate, synthCrmStack } from './support/crm-template';

const stages = {} as Record<'dev' | 'prod', { resources: CrmResources; table: CfnResource; terminationProtection: boolean; deployed: DeployedTemplate[] }>;

beforeAll(() => {
  for (const stage of ['dev', 'prod'] as const) {
    const { resources, stack, deployed } = synthCrmStack(stage);
    stages[stage] = {
      resources,
      table: resources.ofType('AWS::DynamoDB::GlobalTable').find(([id]) => id.startsWith('CustomerRecords'))![1],
      terminationProtection: stack.terminationProtection,
      deployed,
    };
  }
});

/** Resources that hold data or its history: losing them on a stack deletion loses customer data. */
const STATEFUL_TYPES = ['AWS::DynamoDB::GlobalTable', 'AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::SQS::Queue', 'AWS::Events::Archive'];

describe.each(['dev', 'prod'] as const)('the customer-records table in %s', (stage) => {
  it('is keyed PK (hash) and SK (range), both strings', () => {
    const { table } = stages[stage];
    expect(table.Properties!.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    expect(table.Properties!.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
      ]),
    );
  });

  it('is on demand, encrypted, with point-in-time recovery in its one replica', () => {
    const { table } = stages[stage];
    expect(table.Properties!.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties!.SSESpecification.SSEEnabled).toBe(true);
    expect(table.Properties!.Replicas).toHaveLength(1);
    expect(table.Properties!.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('has only the two sparse segment indexes and the parked-entries index, whose keys no event-written item carries', () => {
    const { table } = stages[stage];
    const indexes: { IndexName: string; KeySchema: { AttributeName: string }[] }[] = table.Properties!.GlobalSecondaryIndexes ?? [];
    expect(indexes.map((i) => [i.IndexName, ...i.KeySchema.map((k) => k.AttributeName)])).toEqual([
      ['BySegmentBranch', 'segmentPartition', 'segmentContribution'],
      ['BySegment', 'segmentShard', 'segmentContribution'],
      ['parkedByAge', 'parkedShard', 'parkedAt'],
    ]);
    expect(table.Properties!.LocalSecondaryIndexes ?? []).toEqual([]);
    expect(table.Properties!.StreamSpecification).toEqual({ StreamViewType: 'KEYS_ONLY' });
  });
});

describe('prod', () => {
  it('protects the table from deletion and keeps it if the stack goes', () => {
    const { table, terminationProtection } = stages.prod;
    expect(table.Properties!.Replicas[0].DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(terminationProtection).toBe(true);
  });

  it('keeps every stateful resource if the stack goes', () => {
    for (const type of STATEFUL_TYPES) {
      const found = stages.prod.resources.ofType(type);
      expect(found.length, type).toBeGreaterThan(0);
      for (const [id, resource] of found) expect(resource.DeletionPolicy, id).toBe('Retain');
    }
  });

  it('archives events for a finite time, and keeps the archive if the stack goes', () => {
    const [, archive] = stages.prod.resources.only('AWS::Events::Archive');
    expect(archive.Properties!.RetentionDays).toBe(stageConfig('prod').archiveRetentionDays);
    expect(archive.Properties!.RetentionDays).toBeGreaterThan(0);
    expect(archive.DeletionPolicy).toBe('Retain');
  });
});

describe('dev', () => {
  it('can be torn down: no deletion protection, nothing retained', () => {
    const { table, resources, terminationProtection } = stages.dev;
    expect(table.Properties!.Replicas[0].DeletionProtectionEnabled ?? false).toBe(false);
    expect(terminationProtection).toBe(false);
    for (const type of STATEFUL_TYPES) {
      for (const [id, resource] of resources.ofType(type)) expect(resource.DeletionPolicy, id).toBe('Delete');
    }
  });
});

describe.each(['dev', 'prod'] as const)('the %s template', (stage) => {
  it('is plain CloudFormation the local runtime can read: no custom resources or CDK metadata', () => {
    const types = stages[stage].resources.types();
    // CDK's bucket notifications resource is the one exception: the local runtime reads its queue
    // configurations instead of running its handler (docs/local-s3.md).
    expect(types.filter((t) => (t.startsWith('Custom::') && t !== 'Custom::S3BucketNotifications') || (!t.startsWith('AWS::') && !t.startsWith('Custom::')))).toEqual([]);
    for (const odd of ['AWS::CloudFormation::CustomResource', 'AWS::CDK::Metadata', 'AWS::Lambda::LayerVersion']) {
      expect(types).not.toContain(odd);
    }
  });

  it('nests one stack, holding only what the local runtime does not run: the alarms and the dashboard', () => {
    const [parent, ...nested] = stages[stage].deployed;
    const stacks = Object.entries<CfnResource>(parent!.template.toJSON().Resources).filter(([, r]) => r.Type === 'AWS::CloudFormation::Stack');
    expect(stacks.map(([id]) => id)).toEqual([OPERATIONS_NESTED_STACK_ID]);
    expect(nested.map((n) => n.logicalId)).toEqual([OPERATIONS_NESTED_STACK_ID]);
    const types = new Set(Object.values<CfnResource>(nested[0]!.template.toJSON().Resources).map((r) => r.Type));
    expect([...types].sort()).toEqual(['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard']);
    // Nothing in the parent reads an output of the nested stack: the local runtime never resolves it.
    expect(JSON.stringify(parent!.template.toJSON())).not.toContain(`"${OPERATIONS_NESTED_STACK_ID}","Outputs.`);
  });
});
