// What differs between stages, and what must not: the customer-records table's shape is the same in
// both; prod protects and keeps its stateful resources, dev can be torn down.
import { beforeAll, describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/stage-config';
import { type CfnResource, type CrmResources, synthCrmStack } from './support/crm-template';

const stages = {} as Record<'dev' | 'prod', { resources: CrmResources; table: CfnResource; terminationProtection: boolean }>;

beforeAll(() => {
  for (const stage of ['dev', 'prod'] as const) {
    const { resources, stack } = synthCrmStack(stage);
    stages[stage] = { resources, table: resources.ofType('AWS::DynamoDB::GlobalTable').find(([id]) => id.startsWith('CustomerRecords'))![1], terminationProtection: stack.terminationProtection };
  }
});

/** Resources that hold data or its history: losing them on a stack deletion loses customer data. */
const STATEFUL_TYPES = ['AWS::DynamoDB::GlobalTable', 'AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::SQS::Queue'];

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

  it('archives events forever', () => {
    expect(stageConfig('prod').archiveRetentionDays).toBe(0);
    const [, archive] = stages.prod.resources.only('AWS::Events::Archive');
    expect(archive.Properties!.RetentionDays ?? 0).toBe(0);
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
  it('is plain CloudFormation the local runtime can read: no custom resources, nested stacks or CDK metadata', () => {
    const types = stages[stage].resources.types();
    expect(types.filter((t) => t.startsWith('Custom::') || !t.startsWith('AWS::'))).toEqual([]);
    for (const odd of ['AWS::CloudFormation::Stack', 'AWS::CloudFormation::CustomResource', 'AWS::CDK::Metadata', 'AWS::Lambda::LayerVersion']) {
      expect(types).not.toContain(odd);
    }
  });
});
