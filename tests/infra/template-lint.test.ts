// cfn-lint (AWS's CloudFormation linter, installed on these machines) over the synthesized templates of
// both stages: no error, and no warning but those kept below with their reason.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthCrmStack } from './support/crm-template';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'crm-cfn-lint-'));

/** Warnings kept, each with why it is not a defect. */
const KEPT_WARNINGS: Record<string, string> = {
  W3005:
    "CDK makes each function DependsOn its role's default policy and role while also naming the role by GetAtt; " +
    'the redundant dependency is how CDK orders the policy before the function, harmless to CloudFormation.',
};

type Finding = { Rule: { Id: string }; Level: string; Message: string; Filename: string; Location: { Path: unknown[] } };
let findings: Finding[] = [];
let linted: string[] = [];

beforeAll(async () => {
  // Each template as CloudFormation receives it: the parent's and its nested stack's (the alarms).
  const files = (['dev', 'prod'] as const).flatMap((stage) =>
    synthCrmStack(stage).deployed.map(({ name, template }) => {
      const file = join(dir, `${name}.template.json`);
      writeFileSync(file, JSON.stringify(template.toJSON()));
      return file;
    }),
  );
  linted = files.map((f) => f.slice(dir.length + 1));
  // cfn-lint exits non-zero whenever it reports anything: read its report either way.
  const out = await run('cfn-lint', ['--format', 'json', ...files], { maxBuffer: 64 * 1024 * 1024 }).catch((error) => error);
  findings = JSON.parse(out.stdout || '[]');
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cfn-lint on the dev and prod templates', () => {
  it('reads the nested stack\'s template as well as the parent\'s', () => {
    expect(linted).toEqual(['Crm-dev.template.json', 'Crm-dev-Alarms.template.json', 'Crm-prod.template.json', 'Crm-prod-Alarms.template.json']);
  });

  it('reports no error', () => {
    const errors = findings.filter((f) => f.Level === 'Error');
    expect(errors.map((f) => `${f.Filename} ${f.Rule.Id} ${f.Location.Path.join('/')}: ${f.Message}`)).toEqual([]);
  });

  it('reports no warning but the ones kept with their reason', () => {
    const unexplained = findings.filter((f) => f.Level !== 'Error' && !(f.Rule.Id in KEPT_WARNINGS));
    expect(unexplained.map((f) => `${f.Filename} ${f.Rule.Id} ${f.Location.Path.join('/')}: ${f.Message}`)).toEqual([]);
    for (const reason of Object.values(KEPT_WARNINGS)) expect(reason.split(/\s+/).length).toBeGreaterThan(8);
  });

  it('would report a broken template (the linter runs and reads what it is given)', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ Resources: { Q: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 'two weeks' } } } }));
    const out = await run('cfn-lint', ['--format', 'json', file]).catch((error) => error);
    expect(JSON.parse(out.stdout).some((f: Finding) => f.Level === 'Error')).toBe(true);
  }, 120_000);
});
