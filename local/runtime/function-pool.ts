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
  /** The init phase's own limit (Lambda's: 10 s); tests shorten it. */
  initTimeoutMs?: number;
};

// Lambda gives a function's initialisation (cold start) 10 s of its own. An init that takes longer does
// not fail the invocation: Lambda runs init again as part of the first invocation, under the function's
// own timeout ("Lambda execution environment lifecycle", Init phase). Locally the init goes on in the
// same worker, and the invocation's timeout counts from the moment the 10 s ran out. On a loaded machine
// (a cold start of four environments at once on two cores) that is the difference between a slow first
// batch and a batch failed, redelivered and dead-lettered for no fault of the function.
const INIT_TIMEOUT_MS = 10_000;
const WORKER_FILE = fileURLToPath(new URL('./lambda-worker.mjs', import.meta.url));

type Environment = { worker: Worker; ready: Promise<void>; initialised: boolean; createdAt: number; busy: boolean; dead: boolean };
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
      const timeoutMs = this.definition.timeoutSeconds * 1000;
      const initLimit = environment.createdAt + (this.options.initTimeoutMs ?? INIT_TIMEOUT_MS);
      const cold = !environment.initialised;
      if (cold) {
        let timer: NodeJS.Timeout | undefined;
        const outOfTime = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), Math.max(0, initLimit + timeoutMs - Date.now()))));
        try {
          const outcome = await Promise.race([environment.ready.then(() => 'ready' as const), outOfTime]);
          if (outcome === 'timeout') {
            this.discard(environment);
            return fail('Sandbox.Timedout', `Task timed out after ${this.definition.timeoutSeconds.toFixed(2)} seconds (init did not finish)`);
          }
        } catch (error) {
          this.discard(environment);
          return { requestId, durationMs: Date.now() - started, ok: false, error: error as InvocationError };
        } finally {
          clearTimeout(timer);
        }
      }
      // An init past its limit was part of this invocation: its timeout counts from that limit.
      const left = cold && Date.now() > initLimit ? initLimit + timeoutMs - Date.now() : timeoutMs;
      return await this.run(environment, event, requestId, Math.max(1, left));
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
    const environment: Environment = { worker, busy: false, dead: false, initialised: false, createdAt: Date.now(), ready: Promise.resolve() };
    environment.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: { type: string; error?: InvocationError }) => {
        if (m.type === 'ready') {
          environment.initialised = true;
          resolve();
        }
        if (m.type === 'init-error') reject(m.error);
      });
      worker.once('exit', () => reject({ errorType: 'Runtime.ExitError', errorMessage: 'The execution environment exited during init' }));
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

  private run(environment: Environment, event: unknown, requestId: string, timeoutMs: number): Promise<Invocation> {
    const { definition } = this;
    const started = Date.now();
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
