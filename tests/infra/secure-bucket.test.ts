// SecureBucket on a synthesized template: every promise of the construct read off the resources it
// makes (encryption, versioning, TLS only, no public access, ACLs off, access logs, lifecycle, removal),
// its S3 → SQS notification and prefix grants, and cdk-nag's AwsSolutions and Serverless packs clean.
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { SecureBucket, type SecureBucketProps } from '../../infra/constructs/secure-bucket';
import { stageConfig } from '../../infra/stage-config';
import { referencedId } from './support/crm-template';

type Resource = { Type: string; Properties?: any; DeletionPolicy?: string; DependsOn?: string[] };

function build(props: Partial<SecureBucketProps> = {}, stage: 'dev' | 'prod' = 'dev') {
  const app = new App();
  const stack = new Stack(app, 'FilesStack');
  const files = new SecureBucket(stack, 'StatementFiles', { config: stageConfig(stage), ...props });
  const dlq = new Queue(stack, 'FilesDeadLetters', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
  Validations.of(dlq).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This is the dead-letter queue of the test queue: it needs none of its own.' });
  Validations.of(dlq).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason: 'This is the dead-letter queue of the test queue: it needs none of its own.' });
  const queue = new Queue(stack, 'FilesArrived', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
  return { app, stack, files, queue };
}

const resourcesOf = (stack: Stack) => Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
const ofType = (resources: Record<string, Resource>, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const bucketId = (stack: Stack, files: SecureBucket) => stack.getLogicalId(files.bucket.node.defaultChild as never);

describe('the bucket', () => {
  const { stack, files } = build();
  const resources = resourcesOf(stack);
  const id = bucketId(stack, files);
  const bucket = resources[id]!;

  it('is encrypted with S3-managed keys by default', () => {
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }]);
  });

  it('is versioned, blocks every kind of public access and disables ACLs', () => {
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(bucket.Properties.AccessControl).toBeUndefined();
  });

  it('refuses every request without TLS', () => {
    const [, policy] = ofType(resources, 'AWS::S3::BucketPolicy').find(([, p]) => referencedId(p.Properties.Bucket) === id)!;
    const denyPlain = policy.Properties.PolicyDocument.Statement.find((s: any) => s.Condition?.Bool?.['aws:SecureTransport'] === 'false');
    expect(denyPlain).toMatchObject({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' } });
  });

  it('logs its access to the stack access-log bucket, which lets only this bucket write under its prefix', () => {
    const logging = bucket.Properties.LoggingConfiguration;
    const logsId = referencedId(logging.DestinationBucketName);
    expect(logsId).not.toBe(id);
    expect(logging.LogFilePrefix).toBe('StatementFiles/');
    const [, logsPolicy] = ofType(resources, 'AWS::S3::BucketPolicy').find(([, p]) => referencedId(p.Properties.Bucket) === logsId)!;
    const delivery = logsPolicy.Properties.PolicyDocument.Statement.find((s: any) => s.Principal?.Service === 'logging.s3.amazonaws.com');
    expect(delivery.Action).toBe('s3:PutObject');
    expect(referencedId(delivery.Condition.ArnLike['aws:SourceArn'])).toBe(id);
    expect(delivery.Resource['Fn::Join'][1].at(-1)).toBe('/StatementFiles/*');
    // The log bucket: SSE-S3 (the only encryption log delivery supports), no public access, logs expire.
    const logs = resources[logsId]!;
    expect(logs.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(logs.Properties.PublicAccessBlockConfiguration.RestrictPublicBuckets).toBe(true);
    expect(logs.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(stageConfig('dev').logRetentionDays);
  });

  it('aborts unfinished multipart uploads and expires noncurrent versions; current objects are kept', () => {
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'retention', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } },
    ]);
  });

  it('is deleted with a dev stack', () => {
    expect(bucket.DeletionPolicy).toBe('Delete');
  });
});

describe('the options', () => {
  it('takes a customer-managed key, with an S3 Bucket Key', () => {
    const app = new App();
    const stack = new Stack(app, 'KeyStack');
    const key = new Key(stack, 'FilesKey', { enableKeyRotation: true });
    const files = new SecureBucket(stack, 'Files', { config: stageConfig('prod'), encryptionKey: key });
    const [rule] = resourcesOf(stack)[bucketId(stack, files)]!.Properties.BucketEncryption.ServerSideEncryptionConfiguration;
    expect(rule.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(referencedId(rule.ServerSideEncryptionByDefault.KMSMasterKeyID)).toBe(stack.getLogicalId(key.node.defaultChild as never));
    expect(rule.BucketKeyEnabled).toBe(true);
  });

  it('expires current objects and keeps noncurrent versions as long as told; prod retains the bucket', () => {
    const { stack, files } = build({ expireObjectsAfterDays: 400, noncurrentVersionsKeptDays: 90, abortIncompleteUploadsAfterDays: 3 }, 'prod');
    const bucket = resourcesOf(stack)[bucketId(stack, files)]!;
    expect(bucket.Properties.LifecycleConfiguration.Rules[0]).toMatchObject({
      ExpirationInDays: 400,
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 },
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  it('shares one access-log bucket between the buckets of a stack', () => {
    const { stack, files } = build();
    const second = new SecureBucket(stack, 'ExportFiles', { config: stageConfig('dev') });
    const resources = resourcesOf(stack);
    const targets = [files, second].map((f) => referencedId(resources[bucketId(stack, f)]!.Properties.LoggingConfiguration.DestinationBucketName));
    expect(targets[0]).toBe(targets[1]);
    expect(ofType(resources, 'AWS::S3::Bucket')).toHaveLength(3);
  });
});

describe('notifyObjectCreated', () => {
  const { stack, files, queue } = build();
  files.notifyObjectCreated(queue, { prefix: 'incoming/', suffix: '.xml' });
  const resources = resourcesOf(stack);
  const id = bucketId(stack, files);
  const queueId = stack.getLogicalId(queue.node.defaultChild as never);

  it('sends every object-created event under the filter to the queue', () => {
    const [[, notifications]] = ofType(resources, 'Custom::S3BucketNotifications') as [[string, Resource]];
    expect(referencedId(notifications.Properties.BucketName)).toBe(id);
    const [configuration] = notifications.Properties.NotificationConfiguration.QueueConfigurations;
    expect(configuration.Events).toEqual(['s3:ObjectCreated:*']);
    expect(referencedId(configuration.QueueArn)).toBe(queueId);
    expect(configuration.Filter.Key.FilterRules).toEqual(
      expect.arrayContaining([
        { Name: 'prefix', Value: 'incoming/' },
        { Name: 'suffix', Value: '.xml' },
      ]),
    );
  });

  it('lets this bucket, and only it, send to the queue (an SSE-SQS queue needs no key grant)', () => {
    expect(resources[queueId]!.Properties.SqsManagedSseEnabled).toBe(true);
    const [, policy] = ofType(resources, 'AWS::SQS::QueuePolicy').find(([, p]) => p.Properties.Queues.some((q: unknown) => referencedId(q) === queueId))!;
    const fromS3 = policy.Properties.PolicyDocument.Statement.find((s: any) => s.Principal?.Service === 's3.amazonaws.com');
    expect(fromS3.Action).toContain('sqs:SendMessage');
    expect(referencedId(fromS3.Condition.ArnLike['aws:SourceArn'])).toBe(id);
  });
});

describe('grants under a prefix', () => {
  it('scopes object reads and puts to the prefix', () => {
    const { stack, files } = build();
    const reader = new Role(stack, 'Reader', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    const writer = new Role(stack, 'Writer', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    files.grantReadUnder(reader, 'incoming/');
    files.grantWriteUnder(writer, 'rejected/');
    const resources = resourcesOf(stack);
    const statementsOf = (role: Role) =>
      ofType(resources, 'AWS::IAM::Policy')
        .filter(([, p]) => p.Properties.Roles.some((r: unknown) => referencedId(r) === stack.getLogicalId(role.node.defaultChild as never)))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    const objectResources = (statements: any[]) =>
      statements.flatMap((s) => [s.Resource].flat()).filter((r: any) => r['Fn::Join']).map((r: any) => r['Fn::Join'][1].at(-1));
    expect(objectResources(statementsOf(reader))).toEqual(['/incoming/*']);
    expect(objectResources(statementsOf(writer))).toEqual(['/rejected/*']);
    const writeActions = statementsOf(writer).flatMap((s: any) => [s.Action].flat());
    expect(writeActions).toContain('s3:PutObject');
    expect(writeActions.some((a: string) => a.startsWith('s3:DeleteObject'))).toBe(false);
  });
});

describe('cdk-nag', () => {
  const { stack, files, queue } = build();
  files.notifyObjectCreated(queue, { suffix: '.xml' });
  new SecureBucket(stack, 'Second', { config: stageConfig('dev') }).notifyObjectCreated(queue, { prefix: 'exports/' });

  it.each([
    ['AwsSolutions', new AwsSolutionsChecks()],
    ['Serverless', new ServerlessChecks()],
  ])('%s reports nothing unacknowledged', (_, pack) => {
    const report = pack.validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('catches a bucket made without SecureBucket', async () => {
    const { Bucket } = await import('aws-cdk-lib/aws-s3');
    const { stack } = build();
    new Bucket(stack, 'CarelessBucket');
    const rules = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });

  it('gives a reason for every acknowledgement', () => {
    const acknowledged = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.values(m.data as Record<string, string>)));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const reason of acknowledged) expect(reason.trim().split(/\s+/).length).toBeGreaterThanOrEqual(6);
  });
});
