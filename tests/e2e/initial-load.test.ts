// `npm run load` against the local stack, from the real synthesized app: the simulator writes its seed as
// export files (`simulate --export`), the load script uploads them through the local S3 endpoint, starts
// the load over HTTP, follows it to COMPLETED (the assessment and the recalibration included) and exits
// 0; the customers are then readable through the API with their segments. A load with more rejected
// lines than its manifest allows ends FAILED, and the script says why and exits 1.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTokens } from '../../local/apigateway';
import { writeEndpointsFile } from '../../local/runtime/endpoints-file';
import { startLocalStack, type RunningLocalStack } from '../../local/runtime/local-stack';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
let stack: RunningLocalStack;
let work: string;
let endpointsFile: string;

/** Runs an npm script's entry point as `npm run` would, and what it printed. */
function run(script: string, args: string[], timeoutMs = 480_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`${script} still running after ${timeoutMs} ms:\n${out}`))), timeoutMs);
    child.on('exit', (code) => (clearTimeout(timer), resolve({ code, out })));
  });
}

beforeAll(async () => {
  stack = await startLocalStack({ assemblyDir: '.local/cdk.out-e2e-load', apiPort: 0, visibilityTimeoutSeconds: 3 });
  work = await mkdtemp(join(tmpdir(), 'e2e-load-'));
  endpointsFile = writeEndpointsFile(stack.endpoints, join(work, 'endpoints.json'));
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 300_000);

describe('npm run load on the local stack', () => {
  it('loads the simulator export to COMPLETED and exits 0; the customers are readable with their segments', async () => {
    const folder = join(work, 'base');
    const simulated = await run('scripts/simulate.ts', ['--customers', '8', '--days', '5', '--seed', 'e2e-load', '--export', folder]);
    expect(simulated.code, simulated.out).toBe(0);

    const loaded = await run('scripts/load.ts', [folder, '--endpoints', endpointsFile]);
    expect(loaded.code, loaded.out).toBe(0);
    expect(loaded.out).toMatch(/Uploaded 2 file\(s\)/);
    expect(loaded.out).toMatch(/COMPLETED/);
    expect(loaded.out).toMatch(/Completed\. Recalibration \S+: GET \/admin\/segmentation-recalibrations\//);

    const customerId = (await readFile(join(folder, 'customers.csv'), 'utf8')).split(/\r?\n/)[1]!.split(',')[0]!;
    const token = localTokens().mint({ groups: ['relationship-manager'] });
    const res = await fetch(`${stack.endpoints.api}/customers/${customerId}`, { headers: { Authorization: `Bearer ${token}`, 'X-Break-Glass-Reason': 'end-to-end test of the pipeline' } });
    expect(res.status).toBe(200);
    const customer = (await res.json()) as { customerId: string; profile: unknown; holdings: unknown[]; segment: unknown };
    expect(customer).toMatchObject({ customerId, profile: expect.anything() });
    expect(customer.holdings.length).toBeGreaterThan(0);
    expect(customer.segment).not.toBeNull(); // assessed after the load
  }, 600_000);

  it('exits 1 with the reason when the load fails', async () => {
    const folder = join(work, 'bad');
    const simulated = await run('scripts/simulate.ts', ['--customers', '5', '--days', '5', '--seed', 'e2e-bad', '--export', folder]);
    expect(simulated.code, simulated.out).toBe(0);
    const events = join(folder, 'events-001.jsonl');
    const broken = (await readFile(events, 'utf8')).split('\n').map((l, i) => (i < 5 ? '{"DetailType": "BalanceSnapshot", "Detail": {}}' : l));
    await writeFile(events, broken.join('\n'));
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8'));
    await writeFile(join(folder, 'manifest.json'), JSON.stringify({ ...manifest, maxRejectedLines: 2 }));

    const loaded = await run('scripts/load.ts', [folder, '--endpoints', endpointsFile]);
    expect(loaded.code, loaded.out).toBe(1);
    expect(loaded.out).toMatch(/Failed: too many rejected lines: 5 over the load's limit of 2 \(maxRejectedLines\)/);
  }, 600_000);
});
