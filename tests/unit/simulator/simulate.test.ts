import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ComplaintFiling, ComplaintFilingContext } from '../../../local/simulator/complaint-filing';
import { countByDetailType, generateCoreBankingStream } from '../../../local/simulator/core-banking-stream';
import { LocalStackNotRunningError, simulate } from '../../../local/simulator/simulate';
import { formatSummary, parseCliOptions, UsageError } from '../../../scripts/simulate';
import { eventIdOf, type FakeEventBus, startFakeEventBus } from './support/fake-event-bus';

const small = { customers: 12, days: 6, seed: 'sim' };
const buses: FakeEventBus[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const fakeBus = async () => {
  const bus = await startFakeEventBus();
  buses.push(bus);
  return bus;
};
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'simulate-'));
  dirs.push(d);
  return d;
};

describe('simulate', () => {
  it('counts the stream per detail-type on a dry run, and sends nothing', async () => {
    const summary = await simulate({ ...small, dryRun: true, endpointsFile: join(tempDir(), 'missing.json') });
    expect(summary.countsByDetailType).toEqual(countByDetailType(generateCoreBankingStream(small)));
    expect(summary.events).toBe(Object.values(summary.countsByDetailType).reduce((a, b) => a + b, 0));
    expect(Object.values(summary.personas).reduce((a, b) => a + b, 0)).toBe(small.customers);
    expect(summary.delivery).toBeUndefined();
  });

  it('puts the whole stream on the bus named in the local endpoints file', async () => {
    const bus = await fakeBus();
    const dir = tempDir();
    mkdirSync(join(dir, '.local'));
    const file = join(dir, '.local', 'endpoints.json');
    writeFileSync(file, JSON.stringify({ eventbridge: bus.endpoint, busName: 'crm-local', dynamodb: 'http://127.0.0.1:1' }));

    const summary = await simulate({ ...small, endpointsFile: file });

    const expected = [...generateCoreBankingStream(small)];
    expect(summary.delivery).toMatchObject({ target: 'local', busName: 'crm-local', endpoint: bus.endpoint, sent: expected.length, failed: 0 });
    expect(summary.countsByDetailType).toEqual(countByDetailType(expected));
    expect(bus.accepted.map(eventIdOf).sort()).toEqual(expected.map((e) => e.detail.eventId).sort());
    expect(new Set(bus.accepted.map((e) => e.EventBusName))).toEqual(new Set(['crm-local']));
    expect(formatSummary(summary)).toMatch(new RegExp(`Sent ${expected.length.toLocaleString('en-GB')} events to bus "crm-local"`));
  });

  it('takes an endpoint and bus directly, as the local runtime passes them', async () => {
    const bus = await fakeBus();
    const summary = await simulate({ ...small, endpoint: bus.endpoint, bus: 'crm-bus', source: 'core.banking.test' });
    expect(summary.delivery?.sent).toBe(summary.events);
    expect(new Set(bus.accepted.map((e) => e.Source))).toEqual(new Set(['core.banking.test']));
  });

  it('tells the user to start the stack when there are no local endpoints', async () => {
    const missing = join(tempDir(), '.local', 'endpoints.json');
    await expect(simulate({ ...small, endpointsFile: missing })).rejects.toThrow(LocalStackNotRunningError);
    await expect(simulate({ ...small, endpointsFile: missing })).rejects.toThrow(/npm start/);
  });

  it('needs a bus name for a deployed target', async () => {
    await expect(simulate({ ...small, target: 'aws' })).rejects.toThrow(/--bus/);
  });

  it('hands the roster to a complaint filing after the stream is sent (extension point)', async () => {
    const bus = await fakeBus();
    const calls: { context: ComplaintFilingContext; acceptedBefore: number }[] = [];
    const filing: ComplaintFiling = {
      fileComplaints: async (context) => {
        calls.push({ context, acceptedBefore: bus.accepted.length });
        return { filed: context.customers.filter((c) => c.persona === 'COSTLY').length };
      },
    };
    const summary = await simulate({ ...small, endpoint: bus.endpoint, bus: 'crm-bus', complaints: filing });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.acceptedBefore).toBe(summary.events);
    expect(calls[0]!.context).toMatchObject({ seed: 'sim', days: 6, start: '2026-10-01' });
    expect(calls[0]!.context.customers).toHaveLength(small.customers);
    expect(summary.complaints?.filed).toBe(calls[0]!.context.customers.filter((c) => c.persona === 'COSTLY').length);
  });
});

describe('the simulate CLI', () => {
  it('parses options with defaults', () => {
    expect(parseCliOptions(['--customers', '50', '--days', '7', '--seed', 'abc', '--dry-run'])).toEqual({
      customers: 50,
      days: 7,
      seed: 'abc',
      start: '2026-10-01',
      target: 'local',
      dryRun: true,
      via: 'bus',
    });
    expect(parseCliOptions(['--via', 'fineract'])).toMatchObject({ via: 'fineract', target: 'local' });
    expect(() => parseCliOptions(['--via', 'kafka'])).toThrow(/--via/);
    expect(() => parseCliOptions(['--via', 'camt', '--target', 'aws', '--bus', 'b'])).toThrow(/local stack only/);
    expect(parseCliOptions(['--target', 'aws', '--bus', 'crm-prod', '--start', '2027-01-01'])).toMatchObject({
      customers: 300,
      days: 30,
      seed: '1',
      target: 'aws',
      bus: 'crm-prod',
      start: '2027-01-01',
    });
    expect(parseCliOptions(['--help'])).toBe('help');
  });

  it.each([
    [['--customers', '0'], /customers/],
    [['--days', 'ten'], /days/],
    [['--start', '2026-13-01'], /start/],
    [['--target', 'gcp'], /target/],
    [['--target', 'aws'], /--bus/],
    [['--colour'], /colour/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliOptions(argv)).toThrow(UsageError);
    expect(() => parseCliOptions(argv)).toThrow(message);
  });

  const exec = promisify(execFile);
  const tsx = resolve('node_modules/.bin/tsx');
  const script = resolve('scripts/simulate.ts');

  it('runs as a script: a dry run prints the counts', async () => {
    const { stdout } = await exec(tsx, [script, '--customers', '5', '--days', '3', '--seed', '9', '--dry-run'], { cwd: tempDir() });
    const counts = countByDetailType(generateCoreBankingStream({ customers: 5, days: 3, seed: '9' }));
    expect(stdout).toContain('Dry run: nothing sent.');
    expect(stdout).toMatch(new RegExp(`CustomerOnboarded\\s+${counts.CustomerOnboarded}\\n`));
    expect(stdout).toMatch(new RegExp(`BalanceSnapshot\\s+${counts.BalanceSnapshot}\\n`));
  });

  it('runs as a script: without a local stack it exits 1 and says to run npm start', async () => {
    const failure = await exec(tsx, [script, '--customers', '5', '--days', '3'], { cwd: tempDir() }).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(/npm start/);
  });
});
