// Functions in worker threads: each environment has its own process.env and module state, is reused
// while warm, and is replaced when an invocation overruns its timeout; logs carry the request id.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionPool, type FunctionLogLine } from '../../../local/runtime/function-pool';
import type { FunctionDefinition } from '../../../local/runtime/functions';

// Inside the project, as cdk.out is: a bundle resolves packages from the project's node_modules.
mkdirSync('.local', { recursive: true });
const bundleDir = mkdtempSync(join('.local', 'function-pool-test-'));
writeFileSync(
  join(bundleDir, 'index.mjs'),
  `let invocations = 0;
export const handler = async (event, context) => {
  invocations += 1;
  if (event.action === 'sleep') await new Promise((r) => setTimeout(r, event.ms));
  if (event.action === 'throw') throw new TypeError('bad input');
  if (event.action === 'log') console.log(JSON.stringify({ level: 'INFO', message: 'hello', customerId: 'C-1' }));
  return { invocations, table: process.env.TABLE_NAME, requestId: context.awsRequestId, remaining: context.getRemainingTimeInMillis(), name: context.functionName };
};
export const nested = { handler: async () => 'nested' };
`,
);

// A cold start that takes INIT_MS (top-level await, as a bundle loading its schemas would).
writeFileSync(
  join(bundleDir, 'slow.mjs'),
  `await new Promise((r) => setTimeout(r, Number(process.env.INIT_MS)));
export const handler = async (event, context) => ({ remaining: context.getRemainingTimeInMillis() });
`,
);

const definition = (overrides: Partial<FunctionDefinition> = {}): FunctionDefinition => ({
  logicalId: 'Fn',
  name: 'Crm-dev-Fn',
  displayName: 'fn',
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:Crm-dev-Fn',
  runtime: 'nodejs24.x',
  handler: 'index.handler',
  bundleDir,
  timeoutSeconds: 1,
  memoryMb: 256,
  variables: {},
  logGroup: '/aws/lambda/Crm-dev-Fn',
  ...overrides,
});

const pools: FunctionPool[] = [];
const pool = (env: Record<string, string>, overrides: Partial<FunctionDefinition> = {}, logs: FunctionLogLine[] = [], initTimeoutMs?: number) => {
  const p = new FunctionPool(definition(overrides), { env, concurrency: 2, onLog: (l) => logs.push(l), initTimeoutMs });
  pools.push(p);
  return p;
};

afterAll(async () => {
  await Promise.all(pools.map((p) => p.stop()));
  rmSync(bundleDir, { recursive: true, force: true });
});

describe('a function pool', () => {
  it('gives each function its own environment variables', async () => {
    const [a, b] = [pool({ TABLE_NAME: 'table-a' }), pool({ TABLE_NAME: 'table-b' })];
    const [ra, rb] = await Promise.all([a.invoke({}), b.invoke({})]);
    expect(ra).toMatchObject({ ok: true, result: { table: 'table-a', name: 'Crm-dev-Fn' } });
    expect(rb).toMatchObject({ ok: true, result: { table: 'table-b' } });
    expect(process.env.TABLE_NAME).toBeUndefined();
  });

  it('reuses a warm environment, passes the request id and the time left', async () => {
    const p = pool({});
    const first = await p.invoke({}, 'req-1');
    const second = await p.invoke({}, 'req-2');
    expect(first).toMatchObject({ ok: true, requestId: 'req-1', result: { invocations: 1, requestId: 'req-1' } });
    expect(second).toMatchObject({ ok: true, result: { invocations: 2, requestId: 'req-2' } });
    const remaining = (second as { result: { remaining: number } }).result.remaining;
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(1000);
  });

  it('reports a thrown error as the invocation’s failure, and stays warm', async () => {
    const p = pool({});
    expect(await p.invoke({ action: 'throw' })).toMatchObject({ ok: false, error: { errorType: 'TypeError', errorMessage: 'bad input' } });
    expect(await p.invoke({})).toMatchObject({ ok: true, result: { invocations: 2 } });
  });

  it('ends an invocation that overruns its timeout and starts the next one cold', async () => {
    const p = pool({});
    await p.invoke({});
    const started = Date.now();
    const timedOut = await p.invoke({ action: 'sleep', ms: 5000 });
    expect(timedOut).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 1.00 seconds' } });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await p.invoke({})).toMatchObject({ ok: true, result: { invocations: 1 } });
  });

  it('lets an init past its limit finish within the invocation, whose timeout counts from that limit', async () => {
    // Lambda: an init over 10 s is run again inside the first invocation, under the function's timeout.
    const slow = pool({ INIT_MS: '600' }, { handler: 'slow.handler', timeoutSeconds: 1 }, [], 300);
    const outcome = await slow.invoke({});
    expect(outcome).toMatchObject({ ok: true });
    const remaining = (outcome as { result: { remaining: number } }).result.remaining;
    expect(remaining).toBeLessThanOrEqual(750);
    expect(remaining).toBeGreaterThan(0);
    // Warm now: the next invocation has its whole timeout.
    expect(((await slow.invoke({})) as { result: { remaining: number } }).result.remaining).toBeGreaterThan(750);
  });

  it('times out an init that outlasts its limit and the function timeout together', async () => {
    const stuck = pool({ INIT_MS: '5000' }, { handler: 'slow.handler', timeoutSeconds: 1 }, [], 200);
    const started = Date.now();
    expect(await stuck.invoke({})).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout' } });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('runs at most its concurrency at once', async () => {
    const p = pool({});
    const started = Date.now();
    await Promise.all([1, 2, 3].map(() => p.invoke({ action: 'sleep', ms: 400 })));
    // Two environments: the third invocation waits for one of them.
    expect(Date.now() - started).toBeGreaterThanOrEqual(780);
  });

  it('tags each log line with its function and request id', async () => {
    const logs: FunctionLogLine[] = [];
    const p = pool({}, {}, logs);
    await p.invoke({ action: 'log' }, 'req-log');
    expect(logs).toContainEqual({ functionName: 'fn', requestId: 'req-log', stream: 'stdout', text: '{"level":"INFO","message":"hello","customerId":"C-1"}\n' });
  });

  it('finds nested exports, and says why a function cannot run', async () => {
    expect(await pool({}, { handler: 'index.nested.handler' }).invoke({})).toMatchObject({ ok: true, result: 'nested' });
    expect(await pool({}, { handler: 'index.missing' }).invoke({})).toMatchObject({ ok: false, error: { errorType: 'Runtime.HandlerNotFound' } });
    expect(await pool({}, { runtime: 'python3.12' }).invoke({})).toMatchObject({ ok: false, error: { errorType: 'Runtime.Unavailable' } });
  });
});
