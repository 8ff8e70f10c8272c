// cdk-nag's AwsSolutions pack on both stages: no unacknowledged finding, and every acknowledgement says
// why. cdk-nag 3 is a validation plugin; validateScope runs it on a construct tree directly.
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
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

describe('the check itself', () => {
  it('catches a queue without encryption-in-transit enforcement or dead-letter queue', () => {
    const { stack } = buildCrmStack('dev');
    new Queue(stack, 'CarelessQueue');
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => v.ruleName).sort()).toEqual(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']);
  });
});
