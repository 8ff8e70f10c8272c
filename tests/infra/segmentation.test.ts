// The segmentation construct in the synthesized stack: the stream mapping (filtered to figures, batched,
// partial failures, an on-failure destination), the schedule, the work queue and its worker, the
// routes on the one REST API, and what each function may do.
import { beforeAll, describe, expect, it } from 'vitest';
import { segmentationRoutes } from '../../shared/contracts/api/segment-routes';
import { parseSegmentParameters } from '../../shared/domain/segment-parameters';
import { figureFilterPattern } from '../../shared/domain/segment-index';
import { stageConfig } from '../../infra/stage-config';
import { type CfnResource, type CrmResources, getAtt, referencedId, synthCrmStack } from './support/crm-template';

let resources: CrmResources;
let tableId: string;
const fnByService = (name: string): [string, CfnResource] =>
  resources.ofType('AWS::Lambda::Function').find(([, f]) => f.Properties?.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === name)!;
const statementsOf = (fnId: string) => resources.statementsOfRole(referencedId(resources.get(fnId).Properties!.Role));
const mappingOf = (fnId: string) => resources.ofType('AWS::Lambda::EventSourceMapping').find(([, m]) => referencedId(m.Properties!.FunctionName) === fnId)!;

beforeAll(() => {
  ({ resources } = synthCrmStack('dev'));
  [tableId] = resources.ofType('AWS::DynamoDB::GlobalTable').find(([id]) => id.startsWith('CustomerRecords'))!;
});

describe('re-evaluation', () => {
  it("reads the table's stream, only figure-bearing items, in batches, reporting partial failures", () => {
    const [fnId] = fnByService('segmentation-reevaluate');
    const [, mapping] = mappingOf(fnId);
    const p = mapping.Properties!;
    expect(p.EventSourceArn).toEqual(getAtt(tableId, 'StreamArn'));
    expect(p.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern))).toEqual([figureFilterPattern()]);
    expect(p.MaximumBatchingWindowInSeconds).toBeGreaterThan(0);
    expect(p.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(p.MaximumRetryAttempts).toBeGreaterThan(0);
    const failureQueueId = referencedId(p.DestinationConfig.OnFailure.Destination);
    expect(resources.get(failureQueueId).Type).toBe('AWS::SQS::Queue');
  });

  it("batches the stream as the stage's reevaluationStream says: batch size, window, parallelisation", () => {
    const [fnId] = fnByService('segmentation-reevaluate');
    const [, mapping] = mappingOf(fnId);
    const wanted = stageConfig('dev').segmentation.reevaluationStream;
    expect(mapping.Properties).toMatchObject({
      BatchSize: wanted.batchSize,
      MaximumBatchingWindowInSeconds: wanted.maxBatchingWindowSeconds,
      ParallelizationFactor: wanted.parallelizationFactor,
    });
    // Lambda's limits for a DynamoDB stream, for every stage.
    for (const stage of ['dev', 'prod'] as const) {
      const { batchSize, maxBatchingWindowSeconds, parallelizationFactor } = stageConfig(stage).segmentation.reevaluationStream;
      expect(batchSize).toBeGreaterThanOrEqual(1);
      expect(batchSize).toBeLessThanOrEqual(10_000);
      expect(maxBatchingWindowSeconds).toBeLessThanOrEqual(300);
      expect(parallelizationFactor).toBeGreaterThanOrEqual(1);
      expect(parallelizationFactor).toBeLessThanOrEqual(10);
    }
  });

  it('publishes only on the CRM bus', () => {
    const [fnId] = fnByService('segmentation-reevaluate');
    const [busId] = resources.only('AWS::Events::EventBus');
    const puts = statementsOf(fnId).filter((s) => s.Action.includes('events:PutEvents'));
    expect(puts).toHaveLength(1);
    expect(puts[0]!.Resource).toEqual([getAtt(busId, 'Arn')]);
  });
});

describe('recalibration', () => {
  it("runs on the stage's schedule, with a dead-letter queue on the target", () => {
    const [startId] = fnByService('segmentation-recalibration-start');
    const [, rule] = resources.ofType('AWS::Events::Rule').find(([, r]) => r.Properties?.ScheduleExpression)!;
    expect(rule.Properties!.ScheduleExpression).toBe(stageConfig('dev').segmentation.recalibrationSchedule);
    const [target] = rule.Properties!.Targets;
    expect(target.Arn).toEqual(getAtt(startId, 'Arn'));
    expect(target.DeadLetterConfig.Arn).toBeDefined();
  });

  it('gives each piece of work a whole invocation, with a queue that outlasts six of them', () => {
    const [workerId, worker] = fnByService('segmentation-recalibration-worker');
    const [, mapping] = mappingOf(workerId);
    expect(mapping.Properties!.BatchSize).toBe(1);
    expect(mapping.Properties!.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    const queue = resources.get(referencedId(mapping.Properties!.EventSourceArn));
    expect(queue.Properties!.VisibilityTimeout).toBeGreaterThanOrEqual(6 * worker.Properties!.Timeout);
    expect(queue.Properties!.RedrivePolicy.maxReceiveCount).toBe(5);
    // Continuations: the worker sends to its own queue, and to nothing else.
    const sends = statementsOf(workerId).filter((s) => s.Action.includes('sqs:SendMessage'));
    expect(sends.flatMap((s) => s.Resource)).toEqual([mapping.Properties!.EventSourceArn]);
  });
});

describe('functions', () => {
  it('carry the stage parameters, valid, within the 4 KB environment limit', () => {
    for (const name of ['segmentation-reevaluate', 'segmentation-recalibration-worker', 'segmentation-api', 'customer-api']) {
      const vars = fnByService(name)[1].Properties!.Environment.Variables as Record<string, unknown>;
      expect(parseSegmentParameters(JSON.parse(vars.SEGMENT_PARAMETERS as string)).ok, name).toBe(true);
      const size = Object.entries(vars).reduce((n, [k, v]) => n + k.length + (typeof v === 'string' ? v.length : 100), 0);
      expect(size, name).toBeLessThan(4096);
    }
  });

  it('reach no service beyond DynamoDB, SQS, EventBridge, logs and X-Ray (and the API its cursor and pseudonym keys)', () => {
    for (const name of ['segmentation-reevaluate', 'segmentation-recalibration-start', 'segmentation-recalibration-worker', 'segmentation-api']) {
      const services = new Set(statementsOf(fnByService(name)[0]).flatMap((s) => s.Action.map((a) => a.split(':')[0])));
      const allowed = ['dynamodb', 'sqs', 'events', 'logs', 'xray', ...(name === 'segmentation-api' ? ['secretsmanager'] : [])];
      for (const s of services) expect(allowed, `${name}: ${s}`).toContain(s);
    }
  });
});

describe('routes', () => {
  it('puts every segmentation route on the REST API behind the Cognito authorizer, served by segmentation-api', () => {
    const [apiFnId] = fnByService('segmentation-api');
    const methods = resources.ofType('AWS::ApiGateway::Method');
    for (const route of segmentationRoutes) {
      const found = methods.find(([, m]) => m.Properties!.OperationName === route.operationId);
      expect(found, route.operationId).toBeDefined();
      const m = found![1].Properties!;
      expect(m.HttpMethod).toBe(route.method);
      expect(m.AuthorizationType).toBe('COGNITO_USER_POOLS');
      expect(JSON.stringify(m.Integration.Uri)).toContain(apiFnId);
    }
  });
});
