// The Fineract adapter on AWS, read from the synthesized template: Lambda's Amazon MQ event source on
// the configured broker and queue with its BASIC_AUTH secret, the role it polls with holding exactly
// what that needs (and interfaces only in the broker's subnets), the dead-letter queue, the endpoints.
import { describe, expect, it } from 'vitest';
import { stageConfig } from '../../infra/stage-config';
import { referencedId, synthCrmStack, type CrmResources } from './support/crm-template';

const fineract = {
  brokerArn: 'arn:aws:mq:eu-west-1:111122223333:broker:fineract:b-1234',
  queue: 'fineract.external.events',
  credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:fineract-broker-AbCdEf',
  credentialsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/0000-1111',
  vpc: { vpcId: 'vpc-0abc', subnetIds: ['subnet-0a', 'subnet-0b'], securityGroupId: 'sg-0broker', availabilityZones: ['eu-west-1a', 'eu-west-1b'], createEndpoints: true },
  batchSize: 50,
  maxBatchingWindowSeconds: 2,
};

function consumer(resources: CrmResources) {
  const [only, ...more] = resources.mqConsumers();
  expect(more).toEqual([]);
  const roleId = referencedId(only!.fn.Properties!.Role);
  return { ...only!, roleId, statements: resources.statementsOfRole(roleId) };
}

describe('the Fineract adapter', () => {
  const { resources } = synthCrmStack('prod', { config: { fineract } });

  it('maps the configured broker queue to the function, authenticated by the secret', () => {
    const { mapping } = consumer(resources);
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: fineract.brokerArn,
      Queues: [fineract.queue],
      BatchSize: 50,
      MaximumBatchingWindowInSeconds: 2,
      SourceAccessConfigurations: [{ Type: 'BASIC_AUTH', URI: fineract.credentialsSecretArn }],
    });
  });

  it('grants the mapping what it needs and nothing wider: the broker, the secret and its key, interfaces in the broker subnets', () => {
    const { statements } = consumer(resources);
    const on = (action: string) => statements.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource);
    expect(on('mq:DescribeBroker')).toEqual([fineract.brokerArn]);
    expect(on('secretsmanager:GetSecretValue')).toEqual([fineract.credentialsSecretArn]);
    // The secret's key, held to Secrets Manager; the stage's own data key is granted beside it (log group, queue).
    const secretKey = statements.find((s) => s.Action.includes('kms:Decrypt') && s.Resource.includes(fineract.credentialsKeyArn))!;
    expect(secretKey.Resource).toEqual([fineract.credentialsKeyArn]);
    expect(secretKey.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } });
    const eni = JSON.stringify(on('ec2:CreateNetworkInterface'));
    for (const part of ['subnet/subnet-0a', 'subnet/subnet-0b', 'security-group/sg-0broker', 'network-interface/*']) expect(eni).toContain(part);
    expect(on('ec2:CreateNetworkInterface')).not.toContain('*');
    // The only unscoped actions: EC2 describes and X-Ray, which have no resource-level permissions.
    const wildcard = statements.filter((s) => s.Resource.includes('*')).flatMap((s) => s.Action).sort();
    expect(wildcard).toEqual(['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
  });

  it('publishes to the CRM bus as core.banking.fineract only, and dead-letters to its own queue', () => {
    const { fn, statements } = consumer(resources);
    const env = fn.Properties!.Environment.Variables;
    expect(env.EVENT_SOURCE).toBe('core.banking.fineract');
    const put = statements.find((s) => s.Action.includes('events:PutEvents'))!;
    expect(put.Condition).toEqual({ StringEquals: { 'events:source': 'core.banking.fineract' } });
    const dlqId = referencedId(env.REJECTED_MESSAGES_QUEUE_URL);
    expect(resources.get(dlqId).Type).toBe('AWS::SQS::Queue');
    expect(resources.get(dlqId).Properties).toMatchObject({ MessageRetentionPeriod: 14 * 24 * 3600 });
    const dlq = resources.get(dlqId).Properties!;
    expect(dlq.SqsManagedSseEnabled === true || dlq.KmsMasterKeyId !== undefined).toBe(true);
    const send = statements.filter((s) => s.Action.includes('sqs:SendMessage')).flatMap((s) => s.Resource.map(referencedId));
    expect(send).toEqual([dlqId]);
  });

  it('adds the interface endpoints the poller needs in the broker VPC: Lambda, STS, Secrets Manager', () => {
    const endpoints = resources.ofType('AWS::EC2::VPCEndpoint').map(([, e]) => e.Properties!);
    expect(endpoints.map((e) => JSON.stringify(e.ServiceName)).sort()).toEqual(
      // The stage is bound to its region (infra/stage-settings.ts), so the service names are concrete.
      ['lambda', 'secretsmanager', 'sts'].map((s) => JSON.stringify(`com.amazonaws.eu-west-1.${s}`)).sort(),
    );
    for (const e of endpoints) {
      expect(e).toMatchObject({ VpcId: 'vpc-0abc', SubnetIds: ['subnet-0a', 'subnet-0b'], SecurityGroupIds: ['sg-0broker'], PrivateDnsEnabled: true, VpcEndpointType: 'Interface' });
    }
  });

  it('is absent from a stage that names no broker', () => {
    const { resources: without } = synthCrmStack('prod', { config: { fineract: undefined } });
    expect(without.mqConsumers()).toEqual([]);
    expect(stageConfig('dev').fineract?.queue).toBe('fineract.external.events');
  });
});
