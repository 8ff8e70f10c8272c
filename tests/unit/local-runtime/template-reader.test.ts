// Reading a cloud assembly and what the local runtime derives from its template: tables, queues,
// functions, event source mappings. Hand-written assemblies, so each case says what it is about.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Alarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { pickStack, readCloudAssembly } from '../../../local/runtime/cloud-assembly';
import { eventSourceMappings } from '../../../local/runtime/event-source-mappings';
import { functionDefinitions, handlerLocation } from '../../../local/runtime/functions';
import { lambdaEnvironment } from '../../../local/runtime/lambda-environment';
import { LocalResources } from '../../../local/runtime/local-resources';
import { queueDefinitions } from '../../../local/runtime/queues';
import { tableDefinitions } from '../../../local/runtime/tables';
import { constructPath, type CfnTemplate } from '../../../local/runtime/template';

const template: CfnTemplate = {
  Resources: {
    Records: {
      Type: 'AWS::DynamoDB::GlobalTable',
      Metadata: { 'aws:cdk:path': 'Crm-dev/CustomerRecords/Table/Resource' },
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
          { AttributeName: 'GSI1PK', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [{ IndexName: 'ByQueue', KeySchema: [{ AttributeName: 'GSI1PK', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        Replicas: [{ Region: { Ref: 'AWS::Region' } }],
      },
    },
    Legacy: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: 'legacy',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 },
        LocalSecondaryIndexes: [],
      },
    },
    // Declared before its dead-letter queue on purpose: creation order must still put the DLQ first.
    Work: {
      Type: 'AWS::SQS::Queue',
      Metadata: { 'aws:cdk:path': 'Crm-dev/EventIngestion/Queue/Resource' },
      Properties: {
        VisibilityTimeout: 60,
        SqsManagedSseEnabled: true,
        KmsMasterKeyId: 'alias/aws/sqs',
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 5 },
      },
    },
    Dlq: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1209600 } },
    Consumer: {
      Type: 'AWS::Lambda::Function',
      Metadata: { 'aws:cdk:path': 'Crm-dev/EventIngestion/IngestEvents/Resource', 'aws:asset:path': 'asset.abc' },
      Properties: {
        Handler: 'index.handler',
        Runtime: 'nodejs24.x',
        Timeout: 10,
        MemorySize: 512,
        ReservedConcurrentExecutions: 2,
        Environment: {
          Variables: {
            POWERTOOLS_SERVICE_NAME: 'ingest-events',
            TABLE_NAME: { Ref: 'Records' },
            REJECTED_EVENTS_QUEUE_URL: { Ref: 'Dlq' },
            TABLE_ARN: { 'Fn::GetAtt': ['Records', 'Arn'] },
          },
        },
        LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO' },
      },
    },
    Inline: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'python3.12', Code: { ZipFile: 'x' } } },
    Mapping: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        EventSourceArn: { 'Fn::GetAtt': ['Work', 'Arn'] },
        FunctionName: { Ref: 'Consumer' },
        BatchSize: 25,
        MaximumBatchingWindowInSeconds: 2,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 2 },
        FilterCriteria: { Filters: [{ Pattern: '{"body":{"source":["core.banking"]}}' }] },
      },
    },
    StreamMapping: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        EventSourceArn: { 'Fn::GetAtt': ['Records', 'StreamArn'] },
        FunctionName: { 'Fn::GetAtt': ['Consumer', 'Arn'] },
        StartingPosition: 'LATEST',
        MaximumRetryAttempts: 2,
        BisectBatchOnFunctionError: true,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } },
      },
    },
    KinesisMapping: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { EventSourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks', FunctionName: { Ref: 'Consumer' }, StartingPosition: 'LATEST' },
    },
  },
};

function assembly(): string {
  const dir = mkdtempSync(join(tmpdir(), 'assembly-'));
  mkdirSync(join(dir, 'asset.abc'));
  writeFileSync(join(dir, 'asset.abc', 'index.mjs'), 'export const handler = async () => ({});');
  writeFileSync(join(dir, 'Crm-dev.template.json'), JSON.stringify(template));
  mkdirSync(join(dir, 'assembly-Stage'));
  writeFileSync(join(dir, 'assembly-Stage', 'Other.template.json'), JSON.stringify({ Resources: { T: { Type: 'AWS::SNS::Topic' } } }));
  writeFileSync(join(dir, 'assembly-Stage', 'manifest.json'), JSON.stringify({ artifacts: { Other: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Other.template.json' } } } }));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      version: '48.0.0',
      artifacts: {
        'Crm-dev.assets': { type: 'cdk:asset-manifest', properties: { file: 'Crm-dev.assets.json' } },
        'Crm-dev': { type: 'aws:cloudformation:stack', properties: { templateFile: 'Crm-dev.template.json' } },
        Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Stage' } },
        Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } },
      },
    }),
  );
  return dir;
}

const local = (t: CfnTemplate = template) =>
  new LocalResources({ stackName: 'Crm-dev', template: t, region: 'us-east-1', accountId: '123456789012', sqsEndpoint: 'http://127.0.0.1:9324' });

describe('the cloud assembly', () => {
  it('lists every stack, nested stages included, and picks one by name', () => {
    const dir = assembly();
    const stacks = readCloudAssembly(dir);
    expect(stacks.map((s) => s.stackName).sort()).toEqual(['Crm-dev', 'Other']);
    expect(pickStack(stacks, 'Crm-dev').template.Resources?.Records?.Type).toBe('AWS::DynamoDB::GlobalTable');
    expect(() => pickStack(stacks)).toThrow(/2 stacks/);
    expect(() => pickStack(stacks, 'Nope')).toThrow(/No stack 'Nope'/);
  });

  it('reads a stack with a nested stack as one stack, the nested template being an asset it does not run', () => {
    // As infra/constructs/operations.ts does: the alarms in a nested stack, watching a parent's queue.
    const dir = mkdtempSync(join(tmpdir(), 'assembly-nested-'));
    const app = new App({ outdir: dir, analyticsReporting: false });
    const parent = new Stack(app, 'Crm-dev');
    const queue = new Queue(parent, 'Work');
    const alarms = new NestedStack(parent, 'Alarms');
    new Alarm(alarms, 'Backlog', { metric: new Metric({ namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', dimensionsMap: { QueueName: queue.queueName } }), threshold: 1, evaluationPeriods: 1 });
    app.synth();
    const stacks = readCloudAssembly(dir);
    expect(stacks.map((s) => s.stackName)).toEqual(['Crm-dev']);
    const { template: read } = pickStack(stacks);
    const types = Object.values(read.Resources ?? {}).map((r) => r.Type).sort();
    expect(types).toEqual(['AWS::CloudFormation::Stack', 'AWS::SQS::Queue']);
    // The local resources are derived from the parent alone; the nested stack resource is not one of them.
    const resources = new LocalResources({ stackName: 'Crm-dev', template: read, region: 'us-east-1', accountId: '123456789012', sqsEndpoint: 'http://127.0.0.1:9324' });
    expect(queueDefinitions(read, resources).map((q) => q.logicalId)).toEqual([Object.keys(read.Resources!).find((id) => id.startsWith('Work'))]);
    expect(tableDefinitions(read, resources)).toEqual([]);
    expect(functionDefinitions(read, dir, resources)).toEqual([]);
  });

  it('says so when nothing was synthesized', () => {
    expect(() => readCloudAssembly(join(tmpdir(), 'no-such-assembly'))).toThrow(/run cdk synth first/);
  });

  it('names resources by their construct path below the stack', () => {
    expect(constructPath({ logicalId: 'Work', resource: template.Resources!.Work! })).toBe('EventIngestion/Queue');
    expect(constructPath({ logicalId: 'Dlq', resource: template.Resources!.Dlq! })).toBe('Dlq');
  });
});

describe('tables', () => {
  it('keep keys, indexes, stream and billing as declared, for TableV2 and Table alike', () => {
    const [records, legacy] = tableDefinitions(template, local());
    expect(records!.input).toMatchObject({
      TableName: 'Crm-dev-Records',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: template.Resources!.Records!.Properties!.KeySchema,
      GlobalSecondaryIndexes: [{ IndexName: 'ByQueue', KeySchema: [{ AttributeName: 'GSI1PK', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    expect(records!.input.ProvisionedThroughput).toBeUndefined();
    expect(records!.timeToLiveAttribute).toBe('expiresAt');
    expect(legacy!.input).toMatchObject({ TableName: 'legacy', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 2, WriteCapacityUnits: 3 } });
  });
});

describe('queues', () => {
  it('are created dead-letter queue first, with the redrive policy pointing at it and no KMS key', () => {
    const queues = queueDefinitions(template, local());
    expect(queues.map((q) => q.logicalId)).toEqual(['Dlq', 'Work']);
    const work = queues[1]!;
    expect(work.deadLetterQueue).toBe('Dlq');
    expect(work.maxReceiveCount).toBe(5);
    expect(JSON.parse(work.attributes.RedrivePolicy!)).toEqual({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:Crm-dev-Dlq', maxReceiveCount: 5 });
    expect(work.attributes).toMatchObject({ VisibilityTimeout: '60' });
    expect(work.attributes.KmsMasterKeyId).toBeUndefined();
    expect(queues[0]!.attributes).toEqual({ MessageRetentionPeriod: '1209600' });
  });

  it('take a test override of the visibility timeout', () => {
    expect(queueDefinitions(template, local(), { visibilityTimeoutSeconds: 1 }).every((q) => q.attributes.VisibilityTimeout === '1')).toBe(true);
  });

  it('refuse redrive policies that form a cycle', () => {
    const cyclic: CfnTemplate = {
      Resources: {
        A: { Type: 'AWS::SQS::Queue', Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['B', 'Arn'] }, maxReceiveCount: 1 } } },
        B: { Type: 'AWS::SQS::Queue', Properties: { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['A', 'Arn'] }, maxReceiveCount: 1 } } },
      },
    };
    expect(() => queueDefinitions(cyclic, local(cyclic))).toThrow(/cycle/);
  });
});

describe('functions', () => {
  it('run from the staged asset with the template environment resolved to local names', () => {
    const dir = assembly();
    const [consumer, inline] = functionDefinitions(template, dir, local());
    expect(consumer).toMatchObject({
      name: 'Crm-dev-Consumer',
      displayName: 'ingest-events',
      bundleDir: join(dir, 'asset.abc'),
      timeoutSeconds: 10,
      memoryMb: 512,
      reservedConcurrency: 2,
      logFormat: 'JSON',
      variables: {
        TABLE_NAME: 'Crm-dev-Records',
        REJECTED_EVENTS_QUEUE_URL: 'http://127.0.0.1:9324/123456789012/Crm-dev-Dlq',
        TABLE_ARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/Crm-dev-Records',
      },
    });
    expect(inline!.bundleDir).toBeUndefined();
    expect(handlerLocation(consumer!.bundleDir!, consumer!.handler)).toEqual({ file: join(dir, 'asset.abc', 'index.mjs'), exportPath: ['handler'] });
    expect(() => handlerLocation(consumer!.bundleDir!, 'missing.handler')).toThrow(/no missing.mjs/);
  });

  it('see the local endpoints and Lambda variables, which the template cannot override', () => {
    const [consumer] = functionDefinitions(template, assembly(), local());
    const env = lambdaEnvironment(
      { ...consumer!, variables: { ...consumer!.variables, AWS_REGION: 'eu-west-1' } },
      { dynamodb: 'http://127.0.0.1:1', sqs: 'http://127.0.0.1:2', eventbridge: 'http://127.0.0.1:3' },
      'us-east-1',
    );
    expect(env).toMatchObject({
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'Crm-dev-Consumer',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:2',
      AWS_ENDPOINT_URL_EVENTBRIDGE: 'http://127.0.0.1:3',
      AWS_LAMBDA_LOG_FORMAT: 'JSON',
      TABLE_NAME: 'Crm-dev-Records',
    });
  });
});

describe('event source mappings', () => {
  it('run SQS sources and DynamoDB streams with their batching, failure handling and filters; others are named', () => {
    const resources = local();
    const dir = assembly();
    const functions = functionDefinitions(template, dir, resources);
    const mappings = eventSourceMappings(template, resources, functions, queueDefinitions(template, resources), tableDefinitions(template, resources));
    expect(mappings.sqs).toHaveLength(1);
    expect(mappings.sqs[0]).toMatchObject({
      functionLogicalId: 'Consumer',
      batchSize: 25,
      batchingWindowSeconds: 2,
      reportBatchItemFailures: true,
      maximumConcurrency: 2,
      enabled: true,
      filterPatterns: [{ body: { source: ['core.banking'] } }],
    });
    expect(mappings.sqs[0]!.queue.logicalId).toBe('Work');
    expect(mappings.streams).toEqual([
      {
        logicalId: 'StreamMapping',
        functionLogicalId: 'Consumer',
        tableLogicalId: 'Records',
        streamArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Crm-dev-Records/stream/1970-01-01T00:00:00.000',
        startingPosition: 'LATEST',
        batchSize: 100,
        batchingWindowSeconds: 0,
        reportBatchItemFailures: false,
        enabled: true,
        maximumRetryAttempts: 2,
        maximumRecordAgeSeconds: -1,
        bisectBatchOnFunctionError: true,
        parallelizationFactor: 1,
        partitionKey: 'PK',
        onFailureDestination: 'arn:aws:sqs:us-east-1:123456789012:Crm-dev-Dlq',
        filterPatterns: [],
      },
    ]);
    expect(mappings.notRun).toEqual([{ logicalId: 'KinesisMapping', reason: expect.stringContaining('neither an SQS queue nor a DynamoDB stream') }]);
  });
});
