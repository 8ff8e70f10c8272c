// The runtime's launchers are its ancestors in its own process group (npm → sh → tsx → node): read
// from /proc. A misread field once made `launchers()` loop forever, so `npm start` hung before it
// printed anything; these run the real function in a real process tree.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const CHILD_LIFETIME = new URL('../../../local/services/child-lifetime.ts', import.meta.url).pathname;
const TSX = new URL('../../../node_modules/tsx/dist/cli.mjs', import.meta.url).pathname;
const script = `import { launchers } from ${JSON.stringify(CHILD_LIFETIME)}; console.log(JSON.stringify({ pid: process.pid, ppid: process.ppid, launchers: launchers() }));`;

describe.skipIf(process.platform !== 'linux')('launchers', () => {
  it('names the shell that leads the group and nothing above it, and returns', () => {
    // setsid gives the shell its own session and process group, as a terminal gives `npm start`. The
    // shell runs node in the foreground (exec would make node the leader), and prints its own pid.
    const out = execFileSync(
      'setsid',
      ['sh', '-c', `echo "$$"; "${process.execPath}" "${TSX}" --eval '${script.replaceAll("'", `'"'"'`)}'; true`],
      { encoding: 'utf8', timeout: 60_000 },
    );
    const [shellPid, json] = out.trim().split('\n');
    const seen = JSON.parse(json!) as { pid: number; ppid: number; launchers: number[] };
    // tsx's cli runs the script in a child node: its parent (the cli) and the shell are the launchers.
    expect(seen.launchers.at(-1)).toBe(Number(shellPid));
    expect(seen.launchers[0]).toBe(seen.ppid);
    expect(new Set(seen.launchers).size).toBe(seen.launchers.length);
  }, 90_000);
});
