// `kill -9` runs no handler, yet it must not leave DynamoDB Local, a broker or any other child of
// `npm start` running (local/services/child-lifetime.ts): killed from above (npm), the runtime notices
// its launcher is gone and stops everything; killed itself, each child's guardian kills the child.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../local/services/free-port';

type Proc = { pid: number; ppid: number; state: string; cmd: string };

function processTable(): Proc[] {
  const table: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      table.push({ pid: Number(entry), ppid: Number(ppid), state: state!, cmd });
    } catch {
      // gone while we looked
    }
  }
  return table;
}

function descendants(root: number): Proc[] {
  const table = processTable();
  const found: Proc[] = [];
  const walk = (pid: number) => {
    for (const p of table.filter((q) => q.ppid === pid)) {
      found.push(p);
      walk(p.pid);
    }
  };
  walk(root);
  return found;
}

const stillRunning = (procs: Proc[]) => {
  const now = new Map(processTable().map((p) => [p.pid, p]));
  // Same pid and same command line: not a new process that reused the number. A zombie has died.
  return procs.filter((p) => now.get(p.pid)?.cmd === p.cmd && now.get(p.pid)?.state !== 'Z');
};

let started: ChildProcess | undefined;
afterEach(() => {
  if (started?.pid && started.exitCode === null) {
    try {
      process.kill(-started.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** `npm start -- --no-seed` in its own process group, as a shell would start it, until the stack is up. */
async function startNpm(extra: string[] = []): Promise<ChildProcess> {
  const port = await freePort();
  const child = spawn('npm', ['start', '--', '--no-seed', '--port', String(port), ...extra], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  started = child;
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output.slice(-2000)}`)), 8 * 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready\./.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output.slice(-2000)}`)));
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

async function expectAllGone(procs: Proc[]) {
  const deadline = Date.now() + 30_000;
  while (stillRunning(procs).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  expect(stillRunning(procs).map((p) => p.cmd.slice(0, 120))).toEqual([]);
}

// Each case starts `npm start -- --no-seed`: seconds on a quiet machine once the app is synthesized
// (the second case reuses the first's assembly); green at load average 50 in 238 s and 52 s (issue 16).
describe('kill -9', () => {
it('kill -9 of npm start leaves no child running: not the runtime, not DynamoDB Local, not a guardian', async () => {
  const npm = await startNpm();
  const tree = descendants(npm.pid!);
  expect(tree.some((p) => p.cmd.includes('DynamoDBLocal.jar'))).toBe(true);
  expect(tree.some((p) => p.cmd.includes('local/start.ts'))).toBe(true);
  // The dev stage reads Fineract's broker: the local ActiveMQ is one of the children that must go.
  expect(tree.some((p) => p.cmd.includes('activemq.jar'))).toBe(true);
  process.kill(npm.pid!, 'SIGKILL');
  await expectAllGone(tree);
}, 10 * 60_000);

it('kill -9 of the runtime process itself takes DynamoDB Local with it', async () => {
  const npm = await startNpm(['--no-synth']);
  const tree = descendants(npm.pid!);
  // The runtime is the deepest process running local/start.ts (npm → sh → tsx → node).
  const runtime = tree.filter((p) => p.cmd.includes('local/start.ts') && !tree.some((q) => q.ppid === p.pid && q.cmd.includes('local/start.ts'))).at(-1)!;
  const jvm = tree.filter((p) => p.cmd.includes('DynamoDBLocal.jar'));
  expect(jvm).toHaveLength(1);
  process.kill(runtime.pid, 'SIGKILL');
  await expectAllGone([runtime, ...jvm]);
}, 10 * 60_000);
});
