// Runs one function's invocations in isolated worker threads: each worker is one execution
// environment (its own process.env and module state), created on demand up to the function's
// concurrency, reused while warm, and terminated and replaced when an invocation overruns its timeout.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { handlerLocation, type FunctionDefinition } from './functions';

export type InvocationError = { errorType: string; errorMessage: string; trace?: string[] };
export type Invocation = { requestId: string; durationMs: number } & ({ ok: true; result: unknown } | { ok: false; error: InvocationError });

export type FunctionLogLine = { functionName: string; requestId?: string; stream: 'stdout' | 'stderr'; text: string };

export type FunctionPoolOptions = {
  env: Record<string, string>;
  /** Most invocations at once (Lambda's reserved concurrency, or the local default). */
  concurrency: number;
  onLog: (line: FunctionLogLine) => void;
};

// Lambda gives a function's initialisation (cold start) 10 s of its own. Locally a worker thread also
// loads the SDK from disk on a machine that may be busy: 10 s made cold starts fail under load, and
// each failure cost a redelivery after the queue's visibility timeout (a seeded month never drained).
const INIT_TIMEOUT_MS = 30_000;
const WORKER_FILE = fileURLToPath(new URL('./lambda-worker.mjs', import.meta.url));

type Environment = { worker: Worker; ready: Promise<void>; busy: boolean; dead: boolean };
type Waiter = () => void;

export class FunctionPool {
  private readonly environments = new Set<Environment>();
  private readonly waiting: Waiter[] = [];
  private stopped = false;
  private running = 0;
  readonly location?: { file: string; exportPath: string[] };
  private readonly unavailable?: string;

  constructor(
    readonly definition: FunctionDefinition,
    private readonly options: FunctionPoolOptions,
  ) {
    if (!definition.runtime.startsWith('nodejs')) this.unavailable = `runtime ${definition.runtime} is not run locally`;
    else if (!definition.bundleDir) this.unavailable = 'its code is not a staged asset (inline or custom-resource code)';
    else {
      try {
        this.location = handlerLocation(definition.bundleDir, definition.handler);
      } catch (error) {
        this.unavailable = (error as Error).message;
      }
    }
  }

  /** Most invocations at once. */
  get concurrency() {
    return this.options.concurrency;
  }

  /** Invocations running or waiting for a free environment. */
  get inFlight() {
    return this.running + this.waiting.length;
  }

  async invoke(event: unknown, requestId: string = randomUUID()): Promise<Invocation> {
    const started = Date.now();
    const fail = (errorType: string, errorMessage: string): Invocation => ({ requestId, durationMs: Date.now() - started, ok: false, error: { errorType, errorMessage } });
    if (this.unavailable) return fail('Runtime.Unavailable', `${this.definition.displayName}: ${this.unavailable}`);
    if (this.stopped) return fail('Runtime.Stopped', 'The local runtime is stopping');
    const environment = await this.acquire();
    if (!environment) return fail('Runtime.Stopped', 'The local runtime is stopping');
    this.running++;
    try {
      try {
        await environment.ready;
      } catch (error) {
        this.discard(environment);
        return { requestId, durationMs: Date.now() - started, ok: false, error: error as InvocationError };
      }
      return await this.run(environment, event, requestId);
    } finally {
      this.running--;
      this.release(environment);
    }
  }

  private acquire(): Promise<Environment | undefined> {
    const idle = [...this.environments].find((e) => !e.busy && !e.dead);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    if (this.environments.size < this.options.concurrency) {
      const created = this.create();
      created.busy = true;
      return Promise.resolve(created);
    }
    return new Promise((resolve) => this.waiting.push(() => resolve(this.stopped ? undefined : this.acquire())));
  }

  private release(environment: Environment) {
    environment.busy = false;
    const next = this.waiting.shift();
    if (next) next();
  }

  private discard(environment: Environment) {
    environment.dead = true;
    this.environments.delete(environment);
    void environment.worker.terminate();
  }

  private create(): Environment {
    const { definition, options } = this;
    const worker = new Worker(WORKER_FILE, {
      env: options.env,
      workerData: { ...this.location, sourceMaps: (definition.variables.NODE_OPTIONS ?? '').includes('--enable-source-maps') },
      // Roughly the function's memory: a leak fails here as it would in Lambda.
      resourceLimits: { maxOldGenerationSizeMb: Math.max(128, definition.memoryMb) },
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const environment: Environment = { worker, busy: false, dead: false, ready: Promise.resolve() };
    environment.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject({ errorType: 'Runtime.InitTimeout', errorMessage: `Init timed out after ${INIT_TIMEOUT_MS / 1000} seconds` }), INIT_TIMEOUT_MS);
      worker.on('message', (m: { type: string; error?: InvocationError }) => {
        if (m.type === 'ready') resolve();
        if (m.type === 'init-error') reject(m.error);
        if (m.type === 'ready' || m.type === 'init-error') clearTimeout(timer);
      });
      worker.once('exit', () => {
        clearTimeout(timer);
        reject({ errorType: 'Runtime.ExitError', errorMessage: 'The execution environment exited during init' });
      });
    });
    environment.ready.catch(() => undefined);
    worker.on('message', (m: { type: string; stream?: 'stdout' | 'stderr'; text?: string; requestId?: string }) => {
      if (m.type === 'log') options.onLog({ functionName: definition.displayName, requestId: m.requestId, stream: m.stream!, text: m.text! });
    });
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      environment.dead = true;
      this.environments.delete(environment);
    });
    this.environments.add(environment);
    return environment;
  }

  private run(environment: Environment, event: unknown, requestId: string): Promise<Invocation> {
    const { definition } = this;
    const started = Date.now();
    const timeoutMs = definition.timeoutSeconds * 1000;
    const deadline = started + timeoutMs;
    return new Promise<Invocation>((resolve) => {
      const { worker } = environment;
      const finish = (outcome: Invocation) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(outcome);
      };
      const failed = (error: InvocationError) => finish({ requestId, durationMs: Date.now() - started, ok: false, error });
      const onMessage = (m: { type: string; requestId?: string; result?: unknown; error?: InvocationError }) => {
        if (m.requestId !== requestId) return;
        if (m.type === 'result') finish({ requestId, durationMs: Date.now() - started, ok: true, result: m.result });
        if (m.type === 'error') failed(m.error!);
      };
      // An uncaught exception or unhandled rejection ends the environment, as in Lambda.
      const onError = (error: Error) => {
        this.discard(environment);
        failed({ errorType: 'Runtime.ExitError', errorMessage: `${error.name}: ${error.message}` });
      };
      const onExit = (code: number) => failed({ errorType: 'Runtime.ExitError', errorMessage: `The execution environment exited (code ${code})` });
      const timer = setTimeout(() => {
        // Lambda freezes and discards an environment that overran; the next invocation starts cold.
        this.discard(environment);
        failed({ errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${definition.timeoutSeconds.toFixed(2)} seconds` });
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({
        type: 'invoke',
        requestId,
        event,
        deadline,
        context: {
          functionName: definition.name,
          functionVersion: '$LATEST',
          invokedFunctionArn: definition.arn,
          memoryLimitInMB: String(definition.memoryMb),
          logGroupName: definition.logGroup,
          logStreamName: `local/[$LATEST]${definition.logicalId}`,
        },
      });
    });
  }

  async stop() {
    this.stopped = true;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all([...this.environments].map((e) => e.worker.terminate()));
    this.environments.clear();
  }
}
