// The initial-load construct in the synthesized stack: the bucket (a SecureBucket), the work queue with
// its DLQ and the concurrency ceiling from the stage, the routes, alarms, and what each function may do.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRoutes } from '../../shared/contracts/api/load-routes';
import { stageConfig } from '../../infra/stage-config';
import { type CfnResource, type CrmResources, referencedId, synthCrmStack } from './support/crm-template';

let resources: CrmResources;
const fnByService = (name: string): [string, CfnResource] =>
  resources.ofType('AWS::Lambda::Function').find(([, f]) => f.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === name)!;
const statementsOf = (fnId: string) => resources.statementsOfRole(referencedId(resources.get(fnId).Properties!.Role));
const mappingOf = (fnId: string) => resources.ofType('AWS::Lambda::EventSourceMapping').find(([, m]) => referencedId(m.Properties!.FunctionName) === fnId)!;
const loadBucketId = () => resources.ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('InitialLoadExports'))![0];

beforeAll(() => {
  ({ resources } = synthCrmStack('dev'));
});

const loadCeiling = (stage: 'dev' | 'prod') => stageConfig(stage).concurrency.sqsMaximumByFunction['initial-load-worker'] ?? 0;

describe('the load work queue', () => {
  it('feeds the worker one range at a time, at most the stage ceiling at once, with a DLQ', () => {
    const [workerId] = fnByService('initial-load-worker');
    const [, mapping] = mappingOf(workerId);
    expect(mapping.Properties).toMatchObject({ BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: loadCeiling('dev') } });
    const queue = resources.get(referencedId(mapping.Properties!.EventSourceArn));
    expect(queue.Properties!.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(queue.Properties!.VisibilityTimeout).toBeGreaterThanOrEqual(6 * resources.get(workerId).Properties!.Timeout);
    expect(resources.get(referencedId(queue.Properties!.RedrivePolicy.deadLetterTargetArn)).Type).toBe('AWS::SQS::Queue');
  });

  it('takes its ceiling from the stage: prod allows more workers than dev', () => {
    const prod = synthCrmStack('prod').resources;
    const worker = prod.ofType('AWS::Lambda::Function').find(([, f]) => f.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === 'initial-load-worker')![0];
    const mapping = prod.ofType('AWS::Lambda::EventSourceMapping').find(([, m]) => referencedId(m.Properties!.FunctionName) === worker)![1];
    expect(mapping.Properties!.ScalingConfig.MaximumConcurrency).toBe(loadCeiling('prod'));
    expect(loadCeiling('prod')).toBeGreaterThan(loadCeiling('dev'));
  });

  it('is watched: queue age, DLQ depth, function errors', () => {
    const alarms = resources.ofType('AWS::CloudWatch::Alarm').map(([id]) => id);
    for (const label of ['LoadWorkQueue', 'LoadWorkDeadLetterQueue', 'InitialLoadApi', 'InitialLoadWorker']) {
      expect(alarms.some((id) => id.includes(label)), label).toBe(true);
    }
  });
});

describe('least privilege', () => {
  it('the API reads the bucket and sends work; it writes no object', () => {
    const [apiId] = fnByService('initial-load-api');
    const s3 = statementsOf(apiId).filter((s) => s.Action.some((a) => a.startsWith('s3:')));
    expect(s3.flatMap((s) => s.Action).every((a) => /^s3:(Get|List)/.test(a))).toBe(true);
    expect(JSON.stringify(s3)).toContain(loadBucketId());
  });

  it('the worker writes objects under reports/ only, and never deletes one', () => {
    const [workerId] = fnByService('initial-load-worker');
    const puts = statementsOf(workerId).filter((s) => s.Action.some((a) => a.startsWith('s3:Put')));
    expect(puts).toHaveLength(1);
    expect(JSON.stringify(puts[0]!.Resource)).toContain('/reports/*');
    expect(statementsOf(workerId).flatMap((s) => s.Action).some((a) => a.startsWith('s3:Delete'))).toBe(false);
  });

  it('the worker reaches no service beyond DynamoDB, S3, SQS, EventBridge, logs and X-Ray', () => {
    for (const name of ['initial-load-worker', 'initial-load-api']) {
      const services = new Set(statementsOf(fnByService(name)[0]).flatMap((s) => s.Action.map((a) => a.split(':')[0])));
      for (const s of services) expect(['dynamodb', 's3', 'sqs', 'events', 'logs', 'xray'], `${name}: ${s}`).toContain(s);
    }
  });

  it('the bucket is a SecureBucket: encrypted, versioned, TLS only, no public access', () => {
    const bucket = resources.get(loadBucketId()).Properties!;
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.BucketEncryption).toBeDefined();
    expect(bucket.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, RestrictPublicBuckets: true });
  });
});

describe('routes', () => {
  it('puts both load routes on the REST API behind the Cognito authorizer, served by initial-load-api', () => {
    const [apiFnId] = fnByService('initial-load-api');
    const methods = resources.ofType('AWS::ApiGateway::Method');
    for (const route of loadRoutes) {
      const found = methods.find(([, m]) => m.Properties!.OperationName === route.operationId);
      expect(found, route.operationId).toBeDefined();
      expect(found![1].Properties!.AuthorizationType).toBe('COGNITO_USER_POOLS');
      expect(JSON.stringify(found![1].Properties!.Integration.Uri)).toContain(apiFnId);
    }
  });
});
