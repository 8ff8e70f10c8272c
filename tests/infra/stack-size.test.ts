// CloudFormation takes at most 500 resources and 200 parameters per stack (CDK refuses to synthesize
// past 500). The alarms and the dashboard are a nested stack (infra/constructs/operations.ts) so the
// parent keeps room for the next capability: it stays at or under PARENT_BUDGET in every shape a bank
// deploys, the largest being prod with the Fineract connector (its VPC endpoints) and a browser origin
// (an OPTIONS method on each of the ~60 API resources). Figures: docs/production.md#stack-size.
import { describe, expect, it } from 'vitest';
import { OPERATIONS_NESTED_STACK_ID } from '../../infra/constructs/operations';
import { type StageConfig, type StageName, stageConfig } from '../../infra/stage-config';
import { PROD_DECISIONS, synthCrmStack } from './support/crm-template';

/** The parent's budget: 50 resources under CloudFormation's limit are the next capability's room. */
const PARENT_BUDGET = 450;
/** CloudFormation's limits per stack. */
const MAX_RESOURCES = 500;
const MAX_PARAMETERS = 200;

const fineract = {
  brokerArn: 'arn:aws:mq:eu-west-1:123456789012:broker:fineract:b-1234',
  queue: 'fineract.external.events',
  credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:fineract-broker-AbCdEf',
  credentialsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0000-1111',
  vpc: { vpcId: 'vpc-0a1b2c3d4e5f60718', subnetIds: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b1c2d3e4f5a60718'], securityGroupId: 'sg-0a1b2c3d4e5f60718', availabilityZones: ['eu-west-1a', 'eu-west-1b'], createEndpoints: true },
  batchSize: 50,
  maxBatchingWindowSeconds: 2,
};
const withOrigin = (stage: StageName) => ({ api: { ...stageConfig(stage).api, ...(stage === 'prod' ? PROD_DECISIONS.api : {}), allowedOrigins: ['https://crm.bank.example'] } });

const SHAPES: [string, StageName, Partial<StageConfig>][] = [
  ['dev', 'dev', {}],
  ['prod', 'prod', {}],
  ['prod with the Fineract connector', 'prod', { fineract }],
  ['dev with a browser origin', 'dev', withOrigin('dev')],
  ['prod with the Fineract connector and a browser origin', 'prod', { fineract, ...withOrigin('prod') }],
];

const count = (json: any, section: 'Resources' | 'Parameters') => Object.keys(json[section] ?? {}).length;

describe.each(SHAPES)('%s', (_name, stage, config) => {
  const { deployed, resources } = synthCrmStack(stage, { config });
  const [parent, ...nested] = deployed.map((d) => ({ ...d, json: d.template.toJSON() }));

  it(`keeps the parent at or under ${PARENT_BUDGET} resources`, () => {
    expect(count(parent!.json, 'Resources')).toBeLessThanOrEqual(PARENT_BUDGET);
  });

  it('keeps the nested stack of the alarms within CloudFormation\'s limits, with every alarm in it', () => {
    expect(nested.map((n) => n.logicalId)).toEqual([OPERATIONS_NESTED_STACK_ID]);
    const [alarms] = nested;
    expect(count(alarms!.json, 'Resources')).toBeLessThanOrEqual(MAX_RESOURCES);
    expect(count(alarms!.json, 'Parameters')).toBeLessThanOrEqual(MAX_PARAMETERS * 0.75);
    const inNested = Object.values<any>(alarms!.json.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').length;
    expect(inNested).toBeGreaterThan(90);
    expect(inNested).toBe(resources.ofType('AWS::CloudWatch::Alarm').length);
    expect(Object.values<any>(parent!.json.Resources).filter((r) => r.Type.startsWith('AWS::CloudWatch::'))).toEqual([]);
  });
});
