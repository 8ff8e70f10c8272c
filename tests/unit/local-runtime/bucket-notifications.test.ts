// What the local runtime reads off a synthesized SecureBucket: the bucket (name, versioning,
// encryption), its queue notification as CDK hands it to PutBucketNotificationConfiguration, S3's
// destination check against the queue policy, the CloudFormation-native shape, and the CDK handler
// left out of the functions.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { SecureBucket } from '../../../infra/constructs/secure-bucket';
import { stageConfig } from '../../../infra/stage-config';
import { bucketDefinitions, bucketNotifications, unvalidatedDestinations } from '../../../local/runtime/buckets';
import { functionDefinitions, functionsNotRun } from '../../../local/runtime/functions';
import { LocalResources } from '../../../local/runtime/local-resources';
import { queueDefinitions } from '../../../local/runtime/queues';
import type { CfnTemplate } from '../../../local/runtime/template';

function synthesized() {
  const stack = new Stack(new App(), 'Files-dev');
  const files = new SecureBucket(stack, 'StatementFiles', { config: stageConfig('dev') });
  const queue = new Queue(stack, 'FilesArrived', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
  files.notifyObjectCreated(queue, { prefix: 'incoming/', suffix: '.xml' });
  return Template.fromStack(stack).toJSON() as CfnTemplate;
}
const local = (template: CfnTemplate) =>
  new LocalResources({ stackName: 'Files-dev', template, region: 'eu-west-1', accountId: '123456789012', sqsEndpoint: 'http://127.0.0.1:9324' });

describe('a synthesized SecureBucket', () => {
  const template = synthesized();
  const resources = local(template);
  const [files, logs] = [...bucketDefinitions(template, resources)].sort((a, b) => (a.logicalId < b.logicalId ? 1 : -1));

  it('is a versioned, SSE-S3 bucket with a lower-case name of S3 length', () => {
    expect(files).toMatchObject({ versioned: true, encryption: 'AES256' });
    expect(files!.name).toMatch(/^files-dev-statementfilesbucket[0-9a-f]{8}$/);
    expect(files!.arn).toBe(`arn:aws:s3:::${files!.name}`);
    expect(logs!.versioned).toBe(false);
  });

  it('sends object-created events under the filter to the queue, with a stable generated configuration id', () => {
    const { queues, notRun } = bucketNotifications(template, resources);
    const [queue] = queueDefinitions(template, resources);
    expect(notRun).toEqual([]);
    expect(queues).toEqual([{ id: expect.any(String), bucket: files!.name, queueArn: queue!.arn, events: ['s3:ObjectCreated:*'], prefix: 'incoming/', suffix: '.xml' }]);
    expect(Buffer.from(queues[0]!.id, 'base64').toString()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bucketNotifications(template, local(template)).queues[0]!.id).toBe(queues[0]!.id);
  });

  it("passes S3's destination check: CDK's queue policy lets this bucket send", () => {
    const { queues } = bucketNotifications(template, resources);
    expect(unvalidatedDestinations(template, resources, queues, queueDefinitions(template, resources))).toEqual([]);
  });

  it('fails the check, as S3 would at deploy, when the queue policy does not let S3 send', () => {
    const bare = structuredClone(template);
    for (const resource of Object.values(bare.Resources!)) {
      if (resource.Type === 'AWS::SQS::QueuePolicy') {
        const document = resource.Properties!.PolicyDocument as { Statement: { Principal?: { Service?: string } }[] };
        document.Statement = document.Statement.filter((s) => s.Principal?.Service !== 's3.amazonaws.com');
      }
    }
    const r = local(bare);
    const problems = unvalidatedDestinations(bare, r, bucketNotifications(bare, r).queues, queueDefinitions(bare, r));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('no policy of queue');
  });

  it("leaves CDK's notifications handler out of the functions, with its reason", () => {
    const notRun = functionsNotRun(template);
    expect(notRun).toEqual([{ logicalId: expect.stringMatching(/^BucketNotificationsHandler/), reason: expect.stringContaining('notification configuration') }]);
    expect(functionDefinitions(template, '/nonexistent', resources)).toEqual([]);
  });
});

describe("CloudFormation's own notification shape", () => {
  it('is read from AWS::S3::Bucket.NotificationConfiguration', () => {
    const template: CfnTemplate = {
      Resources: {
        Inbox: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            BucketName: 'bank-inbox',
            NotificationConfiguration: {
              QueueConfigurations: [{ Event: 's3:ObjectCreated:Put', Queue: { 'Fn::GetAtt': ['Arrived', 'Arn'] }, Filter: { S3Key: { Rules: [{ Name: 'Prefix', Value: 'in/' }] } } }],
              TopicConfigurations: [{ Event: 's3:ObjectCreated:*', Topic: 'arn:aws:sns:eu-west-1:123456789012:t' }],
            },
          },
        },
        Arrived: { Type: 'AWS::SQS::Queue' },
      },
    };
    const { queues, notRun } = bucketNotifications(template, local(template));
    expect(queues).toEqual([{ id: expect.any(String), bucket: 'bank-inbox', queueArn: 'arn:aws:sqs:eu-west-1:123456789012:Files-dev-Arrived', events: ['s3:ObjectCreated:Put'], prefix: 'in/', suffix: undefined }]);
    expect(notRun).toEqual([{ bucket: 'bank-inbox', reason: expect.stringContaining('SNS topics are not delivered locally') }]);
  });
});
