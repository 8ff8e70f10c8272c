// The app as the CDK CLI runs it: `cdk synth` for a stage works offline, without AWS credentials, and
// the cdk-nag plugin in the app lets it through (an unacknowledged finding would fail the synth).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_BUDGET_KB } from '../../infra/bundling/budget';
import { stageConfig } from '../../infra/stage-config';

const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), 'crm-cdk-out-'));
let result: { stdout: string; stderr: string };

beforeAll(async () => {
  // No credentials, no profile, no instance metadata: nothing the synth could reach AWS with.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  // The decisions prod refuses to synthesize without (infra/stage-settings.ts), as a platform team gives them.
  const settings = { account: '123456789012', region: 'eu-west-1', alarmEmail: 'crm-oncall@bank.example', api: { createWebAcl: { requestsPer5MinutesPerIp: 2000 } } };
  result = await run('npx', ['cdk', 'synth', '--quiet', '-c', 'stage=prod', '-c', `crm:settings=${JSON.stringify(settings)}`, '-o', outdir], {
    env: { ...env, AWS_EC2_METADATA_DISABLED: 'true', CI: 'true' },
    timeout: 120_000,
  });
}, 150_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('npx cdk synth -c stage=prod', () => {
  it('writes the Crm-prod template', () => {
    expect(existsSync(join(outdir, 'Crm-prod.template.json')), result.stderr).toBe(true);
    expect(existsSync(join(outdir, 'Crm-dev.template.json'))).toBe(false);
  });

  it('uses the prod stage configuration', () => {
    const template = JSON.parse(readFileSync(join(outdir, 'Crm-prod.template.json'), 'utf8'));
    // The customer-records, complaints, camt-ingestion and access-record tables: all protected in prod.
    const tables = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::DynamoDB::GlobalTable');
    expect(tables).toHaveLength(4);
    for (const table of tables) expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(true);
  });

  it('passes the cdk-nag plugin with no report', () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]);
  });

  it(`bundles every function under functions/ within ${BUNDLE_BUDGET_KB} KB`, () => {
    const template = JSON.parse(readFileSync(join(outdir, 'Crm-prod.template.json'), 'utf8'));
    const sizes = new Map<string, number>();
    for (const r of Object.values<any>(template.Resources)) {
      const folder = r.Type === 'AWS::Lambda::Function' && r.Metadata?.['aws:asset:path'] && r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME;
      if (folder) sizes.set(folder, statSync(join(outdir, r.Metadata['aws:asset:path'], 'index.mjs')).size / 1024);
    }
    // The Fineract connector is deployed only where a stage connects a broker (dev does: the bundles bench
    // synthesizes dev and covers it); every other folder must be in prod.
    const notDeployed = stageConfig('prod').fineract ? [] : ['fineract-events'];
    const folders = readdirSync(join(__dirname, '../../functions')).filter((f) => !notDeployed.includes(f)).sort();
    expect([...sizes.keys()].sort()).toEqual(folders);
    const over = [...sizes].filter(([, kb]) => kb > BUNDLE_BUDGET_KB).map(([f, kb]) => `${f}: ${kb.toFixed(1)} KB`);
    expect(over).toEqual([]);
  });
});
