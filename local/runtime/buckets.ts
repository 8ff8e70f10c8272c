// S3 buckets as the template declares them, and the notifications configured on them: the
// `Custom::S3BucketNotifications` resources CDK writes (applied on AWS by its inline Python handler,
// read here instead) and any `NotificationConfiguration` of an `AWS::S3::Bucket` itself.
import { createHash } from 'node:crypto';
import type { BucketSettings } from '../s3/folder-buckets';
import type { QueueNotification } from '../s3/notifications';
import type { LocalResources } from './local-resources';
import { resourcesOfType, type CfnTemplate } from './template';

export type BucketDefinition = BucketSettings & { logicalId: string; arn: string };

export function bucketDefinitions(template: CfnTemplate, resources: LocalResources): BucketDefinition[] {
  return resourcesOfType(template, 'AWS::S3::Bucket').map(({ logicalId, resource }) => {
    const p = resources.resolve<Record<string, any>>(resource.Properties ?? {});
    const algorithm = p.BucketEncryption?.ServerSideEncryptionConfiguration?.[0]?.ServerSideEncryptionByDefault?.SSEAlgorithm;
    return {
      logicalId,
      name: resources.physicalName(logicalId),
      arn: resources.getAtt(logicalId, 'Arn') as string,
      versioned: p.VersioningConfiguration?.Status === 'Enabled',
      // Since 2023 every bucket is encrypted, with SSE-S3 when it says nothing.
      encryption: algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse' ? 'aws:kms' : 'AES256',
    };
  });
}

export type BucketNotifications = {
  queues: QueueNotification[];
  /** Configurations the local runtime does not deliver (topics, functions, EventBridge), with why. */
  notRun: { bucket: string; reason: string }[];
};

type FilterRule = { Name: string; Value: string };

export function bucketNotifications(template: CfnTemplate, resources: LocalResources): BucketNotifications {
  const out: BucketNotifications = { queues: [], notRun: [] };
  const add = (bucket: string, index: number, c: { Id?: string; events: string[]; queueArn: string; rules?: FilterRule[] }) => {
    const rule = (name: string) => c.rules?.find((r) => r.Name.toLowerCase() === name)?.Value;
    out.queues.push({ id: c.Id ?? generatedConfigurationId(bucket, index), bucket, queueArn: c.queueArn, events: c.events, prefix: rule('prefix'), suffix: rule('suffix') });
  };
  const unsupported = (bucket: string, config: Record<string, unknown>) => {
    for (const [kind, what] of [
      ['TopicConfigurations', 'SNS topics'],
      ['LambdaFunctionConfigurations', 'Lambda functions'],
      ['LambdaConfigurations', 'Lambda functions'],
      ['TopicConfiguration', 'SNS topics'],
      ['EventBridgeConfiguration', 'EventBridge'],
    ] as const) {
      if (config[kind] !== undefined) out.notRun.push({ bucket, reason: `notifications to ${what} are not delivered locally; only SQS queues are` });
    }
  };

  // What CDK's BucketNotifications handler would pass to PutBucketNotificationConfiguration.
  for (const { resource } of resourcesOfType(template, 'Custom::S3BucketNotifications')) {
    const p = resources.resolve<Record<string, any>>(resource.Properties ?? {});
    const bucket = String(p.BucketName);
    const config = (p.NotificationConfiguration ?? {}) as Record<string, any>;
    (config.QueueConfigurations ?? []).forEach((c: any, i: number) =>
      add(bucket, i, { Id: c.Id, events: c.Events ?? [], queueArn: c.QueueArn, rules: c.Filter?.Key?.FilterRules }),
    );
    unsupported(bucket, config);
  }
  // CloudFormation's own shape, on the bucket.
  for (const { logicalId, resource } of resourcesOfType(template, 'AWS::S3::Bucket')) {
    const config = resources.resolve<Record<string, any> | undefined>(resource.Properties?.NotificationConfiguration);
    if (!config) continue;
    const bucket = resources.physicalName(logicalId);
    (config.QueueConfigurations ?? []).forEach((c: any, i: number) => add(bucket, 1000 + i, { events: [c.Event], queueArn: c.Queue, rules: c.Filter?.S3Key?.Rules }));
    unsupported(bucket, config);
  }
  return out;
}

/**
 * S3 gives a configuration without an Id one of its own (base64 of a random UUID); here it is derived
 * from the bucket and the configuration's place, so it stays the same from run to run.
 */
function generatedConfigurationId(bucket: string, index: number) {
  const hex = createHash('sha256').update(`${bucket}#${index}`).digest('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return Buffer.from(uuid).toString('base64');
}

type PolicyStatement = { Effect?: string; Principal?: any; Action?: string | string[]; Condition?: Record<string, Record<string, unknown>> };

/**
 * What S3 checks when a configuration is applied (CDK's handler asks it to: SkipDestinationValidation
 * false): that each destination queue's policy lets s3.amazonaws.com send from the bucket. On AWS a
 * failing check fails the deployment; locally it is reported, and the messages are still sent.
 */
export function unvalidatedDestinations(
  template: CfnTemplate,
  resources: LocalResources,
  configurations: QueueNotification[],
  queues: { arn: string; url: string }[],
): string[] {
  const policies = resourcesOfType(template, 'AWS::SQS::QueuePolicy').map(({ resource }) =>
    resources.resolve<{ Queues?: string[]; PolicyDocument?: { Statement?: PolicyStatement[] } }>(resource.Properties ?? {}),
  );
  const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const lets = (s: PolicyStatement, bucketArn: string) => {
    if (s.Effect !== 'Allow') return false;
    const principal = s.Principal;
    const fromS3 = principal === '*' || principal?.AWS === '*' || list(principal?.Service).includes('s3.amazonaws.com');
    const sends = list(s.Action).some((a) => a === 'sqs:SendMessage' || a === 'sqs:*' || a === '*');
    const sources = Object.entries(s.Condition ?? {})
      .filter(([operator]) => /^Arn(Like|Equals)$/.test(operator))
      .flatMap(([, c]) => list(c['aws:SourceArn'] as string | string[] | undefined));
    const fromBucket = sources.length === 0 || sources.some((arn) => new RegExp(`^${arn.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(bucketArn));
    return fromS3 && sends && fromBucket;
  };
  return configurations.flatMap((c) => {
    const queue = queues.find((q) => q.arn === c.queueArn);
    if (!queue) return [];
    const bucketArn = `arn:aws:s3:::${c.bucket}`;
    const statements = policies.filter((p) => list(p.Queues).includes(queue.url)).flatMap((p) => list(p.PolicyDocument?.Statement));
    return statements.some((s) => lets(s, bucketArn))
      ? []
      : [`S3 could not validate notification ${c.id} of bucket ${c.bucket}: no policy of queue ${c.queueArn} lets s3.amazonaws.com send from that bucket (on AWS the deployment fails)`];
  });
}
