// Operations as synthesized: every dead-letter queue alarms on its first message, the ingestion queue on
// its backlog, the consumer on errors and throttles, all through an encrypted topic CloudWatch can use.
import { beforeAll, describe, expect, it } from 'vitest';
import { type CfnResource, type CrmResources, getAtt, ref, referencedId, synthCrmStack } from './support/crm-template';

let resources: CrmResources;
let topicId: string;
let topic: CfnResource;
let alarms: CfnResource[];

beforeAll(() => {
  ({ resources } = synthCrmStack('dev', { config: { alarmEmail: 'crm-operations@example.com' } }));
  [topicId, topic] = resources.only('AWS::SNS::Topic');
  alarms = resources.ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!) as CfnResource[];
});

const dimension = (alarm: any, name: string) => alarm.Dimensions?.find((d: any) => d.Name === name)?.Value;
const notifiesTopic = (alarm: any) => (alarm.AlarmActions ?? []).some((a: unknown) => JSON.stringify(a) === JSON.stringify(ref(topicId)));

function alarmsOn(namespace: string, metricName: string, dimensionName: string, resourceId: string, attribute?: string) {
  const target = attribute ? getAtt(resourceId, attribute) : ref(resourceId);
  return alarms.filter(
    (a: any) =>
      a.Namespace === namespace && a.MetricName === metricName && JSON.stringify(dimension(a, dimensionName)) === JSON.stringify(target),
  ) as any[];
}

describe('alarms', () => {
  it('fire on the first message in every dead-letter queue, and notify the topic', () => {
    const deadLetterQueues = [...resources.deadLetterQueueIds()];
    expect(deadLetterQueues.length).toBeGreaterThanOrEqual(2);
    for (const dlqId of deadLetterQueues) {
      const found = alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', dlqId, 'QueueName');
      expect(found, dlqId).toHaveLength(1);
      const [alarm] = found;
      expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
      expect(alarm.Threshold).toBe(1);
      expect(alarm.EvaluationPeriods).toBe(1);
      expect(notifiesTopic(alarm)).toBe(true);
    }
  });

  it('fire when the oldest message of every consumer queue has waited too long', () => {
    for (const { queueId } of resources.sqsConsumers()) {
      const [alarm, ...more] = alarmsOn('AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', queueId, 'QueueName');
      expect(more).toEqual([]);
      expect(alarm.Threshold).toBeGreaterThan(0);
      expect(notifiesTopic(alarm)).toBe(true);
    }
  });

  it('fire on errors and throttles of every consumer', () => {
    for (const { functionId } of resources.sqsConsumers()) {
      for (const metric of ['Errors', 'Throttles']) {
        const found = alarmsOn('AWS/Lambda', metric, 'FunctionName', functionId);
        expect(found, metric).toHaveLength(1);
        expect(found[0].Threshold).toBe(1);
        expect(notifiesTopic(found[0])).toBe(true);
      }
    }
  });

  it('treat missing data as healthy and share the prefix the topic trusts', () => {
    for (const alarm of alarms as any[]) {
      expect(alarm.TreatMissingData).toBe('notBreaching');
      expect(alarm.AlarmName).toMatch(/^crm-dev-/);
    }
  });
});

describe('the alarm topic', () => {
  it('is encrypted with a rotating customer-managed key CloudWatch may use for our alarms only', () => {
    const keyId = referencedId(topic.Properties!.KmsMasterKeyId);
    const key = resources.get(keyId);
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties!.EnableKeyRotation).toBe(true);
    const forCloudWatch = key.Properties!.KeyPolicy.Statement.filter((s: any) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(forCloudWatch).toHaveLength(1);
    expect([forCloudWatch[0].Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(forCloudWatch[0].Condition.StringEquals['aws:SourceAccount']).toEqual(ref('AWS::AccountId'));
    expect(JSON.stringify(forCloudWatch[0].Condition.ArnLike['aws:SourceArn'])).toContain(':alarm:crm-dev-*');
  });

  it('accepts publishing from our alarms, over TLS only', () => {
    const [, policy] = resources.only('AWS::SNS::TopicPolicy');
    const statements = policy.Properties!.PolicyDocument.Statement;
    const publish = statements.find((s: any) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(publish.Action).toBe('sns:Publish');
    expect(publish.Resource).toEqual(ref(topicId));
    expect(JSON.stringify(publish.Condition.ArnLike['aws:SourceArn'])).toContain(':alarm:crm-dev-*');
    const denyInsecure = statements.find((s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false');
    expect(denyInsecure).toBeDefined();
  });

  it('mails the configured address, and nobody when none is configured', () => {
    const [, subscription] = resources.only('AWS::SNS::Subscription');
    expect(subscription.Properties).toMatchObject({ Protocol: 'email', Endpoint: 'crm-operations@example.com', TopicArn: ref(topicId) });
    const { resources: withoutEmail } = synthCrmStack('dev');
    expect(withoutEmail.ofType('AWS::SNS::Subscription')).toEqual([]);
  });
});

describe('the dashboard', () => {
  it('shows every queue and the consumer', () => {
    const [, dashboard] = resources.only('AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties!.DashboardBody);
    for (const [queueId] of resources.ofType('AWS::SQS::Queue')) expect(body).toContain(queueId);
    for (const { functionId } of resources.sqsConsumers()) expect(body).toContain(functionId);
  });
});
