// Every child process the local runtime starts lives no longer than the runtime itself: DynamoDB Local's
// JVM, the CDK synth, a broker. Ctrl-C stops them in order (stack.stop()); this is for the deaths that
// run no handler at all — `kill -9`, an out-of-memory kill, a crash in native code.
//
// How: each child gets a guardian, a tiny Node process holding the read end of a pipe from this process.
// The kernel closes the pipe when this process dies, however it dies; the guardian then kills the
// child's whole process group (a JVM launched by a shell script included) and exits. While the child
// lives on its own terms, the guardian checks every second that it still exists, and leaves with it.
//
// A new kind of child joins by being started with `spawnTied(command, args, options)` — or, when a
// library does the spawning, by handing the ChildProcess to `tieToThisProcess(child)` right away
// (start it `detached: true` so that it leads its own process group and the group can be killed).
//
// `exitWhenLaunchersDie` covers the other direction: `npm start` is npm → sh → tsx → node, all in one
// process group. `kill -9` of npm leaves the rest running, so the runtime watches its ancestors in its
// own process group and shuts down (stopping every child) when one of them disappears.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';

// The guardian: argv = [pid, 'group' | 'pid']. It must not die of the terminal's Ctrl-C before the
// runtime has stopped the child in order, so it ignores SIGINT and SIGHUP.
const GUARDIAN = `
const pid = Number(process.argv[1]);
const group = process.argv[2] === 'group';
const kill = () => { try { process.kill(group ? -pid : pid, 'SIGKILL'); } catch {} process.exit(0); };
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
process.stdin.on('end', kill).on('close', kill).on('error', kill).resume();
setInterval(() => { try { process.kill(pid, 0); } catch { process.exit(0); } }, 1000);
`;

/** Ties a running child to this process: it is killed (with its process group if it leads one) when this process dies. */
export function tieToThisProcess(child: ChildProcess, options: { group?: boolean } = {}): void {
  if (child.pid === undefined) return; // it never started: nothing to guard
  const guardian = spawn(process.execPath, ['-e', GUARDIAN, String(child.pid), options.group ? 'group' : 'pid'], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  // Neither the guardian nor its pipe keeps this process's event loop alive.
  guardian.unref();
  (guardian.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  guardian.stdin?.on('error', () => undefined);
  // A child that exits normally takes its guardian along at once.
  child.once('exit', () => guardian.stdin?.end());
}

/** Spawns a child that leads its own process group and dies with this process. */
export function spawnTied(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  tieToThisProcess(child, { group: true });
  return child;
}

/** Linux: pid → [parent pid, process group] from /proc; undefined elsewhere or when the process is gone. */
function parentAndGroup(pid: number): [number, number] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields after it follow the last ')',
    // starting with field 3, the state; then the parent pid (4) and the process group (5).
    const [, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 1).trim().split(' ').map(Number) as number[];
    return [ppid!, pgrp!];
  } catch {
    return undefined;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    const state = readFileSyncSafe(`/proc/${pid}/stat`);
    return !state || !/\) Z /.test(state); // a zombie has died
  } catch {
    return false;
  }
};
const readFileSyncSafe = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** This process's ancestors in its own process group (npm, its shell, tsx): the launchers of `npm start`. */
export function launchers(): number[] {
  const self = parentAndGroup(process.pid);
  if (!self) return process.ppid > 1 ? [process.ppid] : [];
  const group = self[1];
  const chain: number[] = [];
  // Bounded and cycle-free however /proc reads: a wrong field once made this loop forever before start.
  for (let pid = self[0]; pid > 1 && !chain.includes(pid) && chain.length < 64; ) {
    const info = parentAndGroup(pid);
    if (!info || info[1] !== group) break;
    chain.push(pid);
    pid = info[0];
  }
  return chain;
}

/** Calls `onGone` once, when a launcher of this process dies (checked every `everyMs`). */
export function exitWhenLaunchersDie(onGone: (pid: number) => void, everyMs = 500): () => void {
  const watched = launchers();
  const timer = setInterval(() => {
    const gone = watched.find((pid) => !alive(pid));
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(gone);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
