// The first run as a new user meets it: `npm start` in a fresh process, from launch to the printed
// summary (default seed: every segment represented, complaints in their queues, the scheduled rules run
// once). Each run is a new process; the median of the runs is quoted. The baseline, measured in the same
// run, is `npm start -- --no-seed` (synth, services, functions, no month): the ratio says how much the
// seeded month adds on top of what no optimisation of the pipeline can remove.
//   npm run bench -- first-run [--runs 3] [--customers 300] [--days 30]
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { freePort } from '../local/services/free-port';
import { fmt, median, printTable } from './measure';

type RunOutcome = { totalS: number; upS?: number; seededS?: number; segments?: string; output: string };

const ANSI = /\x1b\[[0-9;]*m/g;
const stamp = (output: string, pattern: RegExp) => {
  const line = output.split('\n').find((l) => pattern.test(l));
  const m = line && /^\[(\d+(?:\.\d+)?) s\]/.exec(line);
  return m ? Number(m[1]) : undefined;
};

/** One `npm start` in its own process group, until it prints Ready; then Ctrl-C and wait for it to go. */
async function runOnce(extra: string[], timeoutMs: number): Promise<RunOutcome> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn('npm', ['start', '--', '--port', String(port), ...extra], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start ${extra.join(' ')} printed no summary within ${timeoutMs / 1000} s`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString().replace(ANSI, '');
      if (/\] Ready\./.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before its summary:\n${output.slice(-2000)}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await ready;
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
    await exited;
  }
  const totalS = (performance.now() - began) / 1000;
  const lines = output.split('\n');
  const segmentsAt = lines.findIndex((l) => l.startsWith('▸ Segments'));
  return {
    totalS: stamp(output, /\] Ready\./) ?? totalS,
    upS: stamp(output, /\] Stack .* is up/),
    seededS: stamp(output, /\] Seeded /),
    segments: segmentsAt >= 0 ? `${lines[segmentsAt]!.slice(2)}: ${lines[segmentsAt + 1]!.trim()}` : undefined,
    output,
  };
}

export default async function bench(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), strict: false, options: { runs: { type: 'string' }, customers: { type: 'string' }, days: { type: 'string' } } });
  const runs = Math.max(1, Number(values.runs ?? 3));
  const month = [...(values.customers ? ['--customers', String(values.customers)] : []), ...(values.days ? ['--days', String(values.days)] : [])];
  const bare: RunOutcome[] = [];
  const seeded: RunOutcome[] = [];
  // Alternating, so that both see the same load on the shared machine.
  for (let i = 0; i < runs; i++) {
    bare.push(await runOnce(['--no-seed'], 120_000));
    const run = await runOnce(month, 900_000);
    seeded.push(run);
    console.log(`run ${i + 1}/${runs}: summary after ${fmt(run.totalS, 1)} s (stack up at ${fmt(run.upS ?? NaN, 1)} s, month seeded at ${fmt(run.seededS ?? NaN, 1)} s); ${run.segments ?? 'no segments printed'}`);
  }
  const m = (xs: (number | undefined)[]) => median(xs.filter((x): x is number => x !== undefined));
  const total = m(seeded.map((r) => r.totalS));
  const base = m(bare.map((r) => r.totalS));
  printTable(`First run: \`npm start\` to the printed summary, median of ${runs} fresh processes (machine shared with other work)`, [
    { measure: 'npm start → summary (default seed)', value: `${fmt(total, 1)} s`, baseline: `${fmt(base, 1)} s with --no-seed`, ratio: fmt(total / base, 2), target: '≤ 60 s' },
    { measure: '  of which: synth and start', value: `${fmt(m(seeded.map((r) => r.upS)), 1)} s` },
    { measure: '  of which: send the month and drain', value: `${fmt(m(seeded.map((r) => (r.seededS ?? NaN) - (r.upS ?? NaN))), 1)} s` },
    { measure: '  of which: complaints, scheduled rules, summary', value: `${fmt(m(seeded.map((r) => r.totalS - (r.seededS ?? NaN))), 1)} s` },
  ]);
  const distributions = new Set(seeded.map((r) => r.segments));
  console.log(`\nSegment distribution${distributions.size > 1 ? 's (they differ between runs!)' : ''}: ${[...distributions].join(' | ')}`);
}
