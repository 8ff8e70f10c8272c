// cdk-nag's AwsSolutions and Serverless packs on both stages: no unacknowledged finding, every
// acknowledgement says why, and prod carries none that only holds for dev. cdk-nag 3 is a validation
// plugin; validateScope runs it on a construct tree directly.
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { Function as LambdaFunction, Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CrmStack } from '../../infra/stack';
import { buildCrmStack } from './support/crm-template';

function acknowledgements(root: IConstruct) {
  return root.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))),
    );
}

const summary = (violations: { ruleName: string; violatingResources: { constructPath?: string }[] }[]) =>
  violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);

describe.each(['dev', 'prod'] as const)('AwsSolutions on the %s stack', (stage) => {
  let stack: CrmStack;
  beforeAll(() => {
    ({ stack } = buildCrmStack(stage));
  });

  it('reports no unacknowledged error or warning', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(summary(report.violations)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('passes the Serverless pack too', () => {
    const report = new ServerlessChecks().validateScope(stack);
    expect(summary(report.violations)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('has a reason for every acknowledgement', () => {
    const acknowledged = acknowledgements(stack);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledged) {
      expect(typeof reason, `${path} ${id}`).toBe('string');
      // A sentence, not a placeholder.
      expect(reason.trim().split(/\s+/).length, `${path} ${id}: "${reason}"`).toBeGreaterThanOrEqual(6);
    }
  });
});

describe('prod', () => {
  it('acknowledges nothing that holds only for dev (no web ACL, the account-level CloudWatch role)', () => {
    const { stack } = buildCrmStack('prod');
    const ids = acknowledgements(stack).map((a) => a.id);
    expect(ids).not.toContain('AwsSolutions-APIG3');
    expect(ids.filter((id) => id.startsWith('AwsSolutions-IAM4'))).toEqual([]);
    for (const { reason } of acknowledgements(stack)) expect(reason).not.toMatch(/\bdev\b|none yet|for now|later/i);
  });
});

describe('the check itself', () => {
  it('Serverless catches a function without tracing, memory, timeout or failure handling', () => {
    const { stack } = buildCrmStack('dev');
    new LambdaFunction(stack, 'CarelessFunction', { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler=()=>1') });
    const rules = new ServerlessChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['Serverless-LambdaTracing', 'Serverless-LambdaDefaultMemorySize', 'Serverless-LambdaDefaultTimeout', 'Serverless-LambdaDLQ']));
  });

  it('catches a queue without encryption-in-transit enforcement or dead-letter queue', () => {
    const { stack } = buildCrmStack('dev');
    new Queue(stack, 'CarelessQueue');
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => v.ruleName).sort()).toEqual(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']);
  });

  it('reaches into the nested stack of the alarms (the walk covers its template too)', () => {
    const { stack } = buildCrmStack('dev');
    new Queue(stack.operations.alarmStack, 'CarelessNestedQueue');
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(summary(report.violations).sort()).toEqual([
      expect.stringMatching(/^AwsSolutions-SQS3: .*\/Operations\/Alarms\/CarelessNestedQueue/),
      expect.stringMatching(/^AwsSolutions-SQS4: .*\/Operations\/Alarms\/CarelessNestedQueue/),
    ]);
  });
});
