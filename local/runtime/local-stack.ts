// The whole stack on one machine: synthesize the CDK app, then run what its template describes —
// DynamoDB tables in DynamoDB Local, queues in a local SQS, buses and rules in the local EventBridge,
// functions in worker threads from their deployable bundles, SQS event source mappings, and the REST
// API. `startLocalStack` is what `npm start`, the end-to-end tests and the benchmarks all use.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { EventBuses } from '../eventbridge/event-buses';
import { startEventBridgeServer } from '../eventbridge/server';
import { createTargetDelivery } from '../eventbridge/target-delivery';
import { LOCAL_REGION, startDynamoDbLocal } from '../services/dynamodb-local';
import { freePort } from '../services/free-port';
import { startSqsLocal } from '../services/sqs-local';
import { startLocalApi, type RunningLocalApi } from './api';
import { assemblyWantsBroker, pickStack, readCloudAssembly, synthesizeIfChanged } from './cloud-assembly';
import { eventSourceMappings } from './event-source-mappings';
import { configureEventBuses } from './event-rules';
import { FunctionPool, type Invocation } from './function-pool';
import { functionDefinitions, functionsNotRun } from './functions';
import { LOCAL_CREDENTIALS, lambdaEnvironment } from './lambda-environment';
import { secretDefinitions, startSecretsExtension, type SecretsExtension } from './secrets';
import { LocalResources } from './local-resources';
import { silentLogs, type LogSink } from './log-printer';
import { queueDepth, redrive, type QueueDepth, type RedriveResult } from './queue-admin';
import { createQueue, queueDefinitions, type QueueDefinition } from './queues';
import { SqsPoller } from './sqs-poller';
import { StreamPoller } from './stream-poller';
import { MqPoller } from './mq-poller';
import { startActiveMq, type RunningActiveMq } from '../activemq/activemq-broker';
import { createTable, tableDefinitions, type TableDefinition } from './tables';
import { startLocalS3, type LocalS3 } from './local-s3';
import { constructPath, resourcesOfType, type SynthesizedStack } from './template';

export const LOCAL_ACCOUNT = '123456789012';
/** Shards a stream of a new on-demand table has in AWS (DynamoDB Local has one). */
const STREAM_SHARDS = 4;

export type LocalStackOptions = {
  /** Folder holding cdk.json (default: the current directory). */
  projectDir?: string;
  stage?: string;
  /** Run `cdk synth` first (default true); false reads the assembly already in `assemblyDir`. */
  synth?: boolean;
  /** Cloud assembly folder (default <projectDir>/cdk.out). */
  assemblyDir?: string;
  stackName?: string;
  /** Keep DynamoDB data on disk in this folder instead of in memory. */
  dynamoDbDataDir?: string;
  host?: string;
  /** Port of the REST API (0: any free port). */
  apiPort?: number;
  eventBridgePort?: number;
  /** Use DynamoDB Local / SQS already running there instead of starting them. */
  dynamoDbEndpoint?: string;
  sqsEndpoint?: string;
  /** Prefix for every physical name, so stacks can share DynamoDB Local and SQS (tests). */
  resourcePrefix?: string;
  /** Folder holding one folder per bucket (default <projectDir>/.local/buckets). */
  bucketsDir?: string;
  /** Port of the local S3 endpoint (default: any free port). */
  s3Port?: number;
  /** How long a file copied into a bucket folder must stay unchanged before it is announced (ms). */
  bucketSettleMs?: number;
  /** Override every queue's visibility timeout (tests: retries in seconds instead of minutes). */
  visibilityTimeoutSeconds?: number;
  /** Most concurrent invocations per function (default 4, or less if the template reserves less). */
  concurrency?: number;
  logs?: LogSink;
  /** Progress and warnings of the runtime itself. */
  onProgress?: (message: string) => void;
  /** ActiveMQ for the template's Amazon MQ mappings: one already running, or a data dir for a new one. */
  activeMq?: { host: string; stompPort: number } | { dataDir?: string };
  /** Redelivery of failed MQ batches (default: Lambda's, 6 redeliveries one second apart). */
  mqRedelivery?: { maximumRedeliveries: number; redeliveryDelayMs: number };
};

export type LocalEndpoints = {
  api?: string;
  eventbridge: string;
  dynamodb: string;
  sqs: string;
  busName: string;
  region: string;
  /** Construct path → physical name. */
  tables: Record<string, string>;
  /** Construct path → queue URL. */
  queues: Record<string, string>;
  /** The local S3 endpoint (path-style), when the stack has buckets. */
  s3?: string;
  /** Construct path → bucket name (its folder is <bucketsDir>/<name>). */
  buckets?: Record<string, string>;
  /** Where each bucket's object-created notifications go (queue by construct path), and for which keys. */
  s3Notifications?: { bucket: string; queue: string; events: string[]; prefix?: string; suffix?: string }[];
  /** Folder of the bucket folders. */
  bucketsDir?: string;
  /** The local ActiveMQ behind the template's Amazon MQ mappings, if it has any. */
  activemq?: { host: string; stompPort: number; openwirePort?: number; queues: string[] };
};

export type IdleReport = { idle: boolean; waitedMs: number; busy: string[] };

export type RunningLocalStack = {
  endpoints: LocalEndpoints;
  stack: SynthesizedStack;
  resources: LocalResources;
  tables: TableDefinition[];
  queues: QueueDefinition[];
  /** Queues that receive what failed elsewhere (redrive targets and EventBridge target DLQs). */
  deadLetterQueues: QueueDefinition[];
  functions: FunctionPool[];
  /** The stack's buckets, their folders, endpoint and notifications. */
  s3?: LocalS3;
  buses: EventBuses;
  api?: RunningLocalApi;
  /** The template's secrets as functions read them (and `rotate`, as a rotation would). */
  secrets: SecretsExtension;
  /** Find a queue by construct path, logical id or name. */
  queue: (key: string) => QueueDefinition;
  /** Invoke a function (by logical id, construct path, name or display name) synchronously. */
  invoke: (fn: string, event: unknown) => Promise<Invocation>;
  queueDepths: () => Promise<{ queue: QueueDefinition; depth: QueueDepth }[]>;
  /** Wait until no event is being delivered, no work queue holds a message and no function runs. */
  waitForIdle: (options?: { timeoutMs?: number; settleMs?: number }) => Promise<IdleReport>;
  redrive: (dlq: string, options?: { to?: string }) => Promise<RedriveResult>;
  stop: () => Promise<void>;
};

export async function startLocalStack(options: LocalStackOptions = {}): Promise<RunningLocalStack> {
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const assemblyDir = resolve(projectDir, options.assemblyDir ?? 'cdk.out');
  const host = options.host ?? '127.0.0.1';
  const region = LOCAL_REGION;
  const progress = options.onProgress ?? (() => undefined);
  const logs = options.logs ?? silentLogs;
  const stoppers: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop().catch(() => undefined);
  };

  try {
    // Synth takes the longest of the start (bundling every function); nothing the services do depends on
    // it, so DynamoDB Local, SQS and (when the stack will want one) ActiveMQ start beside it. A child
    // started here is stopped by stopAll() whatever fails later.
    const started = <T extends { stop: () => Promise<unknown> }>(starting: Promise<T>) => {
      stoppers.push(async () => (await starting.catch(() => undefined))?.stop());
      starting.catch(() => undefined); // awaited below; a failure surfaces there, not as an unhandled rejection
      return starting;
    };
    const givenBroker = options.activeMq && 'stompPort' in options.activeMq ? options.activeMq : undefined;
    const startBroker = () => startActiveMq({ dataDir: (options.activeMq as { dataDir?: string } | undefined)?.dataDir, log: progress });
    // Whether the stack has an Amazon MQ mapping is known after synth; the assembly of the last synth
    // (or the app's dev stage, which has one) says whether to start the broker's JVM early.
    let brokerStarting = !givenBroker && assemblyWantsBroker(assemblyDir, options.stackName, options.synth !== false) ? started(startBroker()) : undefined;
    progress(`Starting DynamoDB Local and SQS${brokerStarting ? ' and ActiveMQ' : ''}…`);
    const servicesStarting = Promise.all([
      options.dynamoDbEndpoint ? { endpoint: options.dynamoDbEndpoint, stop: async () => undefined } : started(startDynamoDbLocal({ dataDir: options.dynamoDbDataDir })),
      options.sqsEndpoint ? { endpoint: options.sqsEndpoint, stop: async () => undefined } : started(startSqsLocal()),
    ]);
    servicesStarting.catch(() => undefined);
    if (options.synth !== false) {
      const synth = await synthesizeIfChanged({ projectDir, outputDir: assemblyDir, stage: options.stage ?? 'dev', onStart: () => progress(`Synthesizing the CDK app (stage ${options.stage ?? 'dev'})…`) });
      if (!synth.ran) progress(`The CDK app is unchanged since the last synth (${synth.inputs} files): reusing ${assemblyDir}`);
      else progress(`Synthesized in ${(synth.ms / 1000).toFixed(1)} s`);
    }
    const stack = pickStack(readCloudAssembly(assemblyDir), options.stackName);
    const { template } = stack;

    const wantsBroker = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').some(({ resource }) => resource.Properties?.Queues !== undefined);
    if (wantsBroker && !givenBroker && !brokerStarting) {
      progress('Starting ActiveMQ…');
      brokerStarting = started(startBroker());
    }
    // Started early for a stack that turned out to have no MQ mapping: not needed after all.
    if (!wantsBroker && brokerStarting) void brokerStarting.then((broker) => broker.stop()).catch(() => undefined);
    const [dynamo, sqsService] = await servicesStarting;
    const clientConfig = { region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    const dynamoDb = new DynamoDBClient({ ...clientConfig, endpoint: dynamo.endpoint });
    const sqs = new SQSClient({ ...clientConfig, endpoint: sqsService.endpoint });
    const streams = new DynamoDBStreamsClient({ ...clientConfig, endpoint: dynamo.endpoint });
    stoppers.push(async () => {
      dynamoDb.destroy();
      sqs.destroy();
      streams.destroy();
    });

    const resources = new LocalResources({
      stackName: stack.stackName,
      template,
      region,
      accountId: LOCAL_ACCOUNT,
      sqsEndpoint: sqsService.endpoint,
      resourcePrefix: options.resourcePrefix,
    });

    const tables = tableDefinitions(template, resources);
    await Promise.all(
      tables.map(async (table) => {
        const { streamArn } = await createTable(dynamoDb, table);
        if (streamArn) resources.setAttribute(table.logicalId, 'StreamArn', streamArn);
      }),
    );
    const queues = queueDefinitions(template, resources, { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds });
    for (const queue of queues) await createQueue(sqs, queue);
    progress(`Created ${tables.length} table(s) and ${queues.length} queue(s)`);

    // Buckets as folders behind a local S3 endpoint; its notifications go to the queues just created.
    const s3 = await startLocalS3({
      template,
      resources,
      queues,
      sqs,
      region,
      accountId: LOCAL_ACCOUNT,
      host,
      port: options.s3Port,
      bucketsDir: resolve(projectDir, options.bucketsDir ?? join('.local', 'buckets')),
      settleMs: options.bucketSettleMs,
      onProgress: progress,
    });
    if (s3) stoppers.push(s3.stop);

    // Functions are known before the bus starts, so that rules may target them.
    const eventBridgePort = options.eventBridgePort ?? (await freePort());
    const eventBridgeUrl = `http://${host}:${eventBridgePort}`;
    const definitions = functionDefinitions(template, stack.assemblyDir, resources);
    for (const skipped of functionsNotRun(template)) progress(`Function ${skipped.logicalId} is not run locally: ${skipped.reason}`);
    // Secrets as the Parameters and Secrets extension serves them inside a function.
    const secrets = await startSecretsExtension(secretDefinitions(template, resources), LOCAL_CREDENTIALS.AWS_SESSION_TOKEN);
    stoppers.push(secrets.stop);
    const serviceEndpoints = { dynamodb: dynamo.endpoint, sqs: sqsService.endpoint, eventbridge: eventBridgeUrl, s3: s3?.url, secretsExtensionPort: secrets.port };
    const functions = definitions.map(
      (fn) =>
        new FunctionPool(fn, {
          env: lambdaEnvironment(fn, serviceEndpoints, region),
          concurrency: Math.max(1, Math.min(fn.reservedConcurrency ?? Infinity, options.concurrency ?? 4)),
          onLog: logs,
        }),
    );
    stoppers.push(() => Promise.all(functions.map((f) => f.stop())));
    const findFunction = (key: string) => {
      const found = functions.find(({ definition: d }) =>
        [d.logicalId, d.name, d.arn, d.displayName, constructPath({ logicalId: d.logicalId, resource: template.Resources![d.logicalId]! })].includes(key),
      );
      if (!found) throw new Error(`No function '${key}' in stack ${stack.stackName}`);
      return found;
    };

    const buses = new EventBuses({
      region,
      accountId: LOCAL_ACCOUNT,
      deliver: createTargetDelivery({
        sqs,
        sqsEndpoint: sqsService.endpoint,
        warn: progress,
        // Asynchronous invocation: accepted at once, retried twice on error as Lambda does.
        invokeFunctionAsync: async (arn, payload) => {
          const pool = findFunction(arn);
          void (async () => {
            for (let attempt = 0; attempt < 3; attempt++) {
              const outcome = await pool.invoke(payload);
              if (outcome.ok) return;
              progress(`${pool.definition.displayName}: asynchronous invocation failed (${outcome.error.errorType}: ${outcome.error.errorMessage})`);
            }
          })();
        },
      }),
    });
    stoppers.push(async () => buses.stop());
    const busSetup = configureEventBuses(template, resources, buses);
    const eventBridge = await startEventBridgeServer({ buses, port: eventBridgePort, host });
    stoppers.push(eventBridge.stop);

    // A failed invocation shows in the function's own log lines, as Lambda's runtime reports it.
    const logFailure = (pool: FunctionPool, outcome: Extract<Invocation, { ok: false }>) =>
      logs({
        functionName: pool.definition.displayName,
        requestId: outcome.requestId,
        stream: 'stderr',
        text: JSON.stringify({ level: 'ERROR', message: `Invocation failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`, requestId: outcome.requestId }),
      });
    const mappings = eventSourceMappings(template, resources, definitions, queues, tables);
    for (const skipped of mappings.notRun) progress(`Event source mapping ${skipped.logicalId} is not run locally: ${skipped.reason}`);
    const pollers = mappings.sqs.map((mapping) => {
      const pool = findFunction(mapping.functionLogicalId);
      return new SqsPoller(mapping, {
        sqs,
        region,
        pollers: Math.min(pool.definition.reservedConcurrency ?? Infinity, options.concurrency ?? 4, mapping.maximumConcurrency ?? Infinity),
        invoke: (event) => pool.invoke(event),
        onInvocationError: (outcome) => logFailure(pool, outcome),
        onPollError: (error) => progress(`Polling ${mapping.queue.name} failed: ${error.message}`),
      });
    });
    const streamPollers = mappings.streams.map((mapping) => {
      const pool = findFunction(mapping.functionLogicalId);
      return new StreamPoller(mapping, {
        streams,
        sqs,
        sqsEndpoint: sqsService.endpoint,
        region,
        functionArn: pool.definition.arn,
        partitionKey: mapping.partitionKey,
        // A new on-demand table has about four partitions, so four shards: four groups per
        // ParallelizationFactor, within the function's local concurrency.
        partitionGroups: Math.max(1, Math.min(STREAM_SHARDS * mapping.parallelizationFactor, pool.concurrency)),
        invoke: (event) => pool.invoke(event),
        onInvocationError: (outcome) => logFailure(pool, outcome),
        onPollError: (error) => progress(`Reading the stream of ${mapping.tableLogicalId} failed: ${error.message}`),
      });
    });
    // Amazon MQ mappings read a real ActiveMQ: started here unless the caller runs one.
    const activeMq: (RunningActiveMq | { host: string; stompPort: number; openwirePort?: number }) | undefined = wantsBroker ? (givenBroker ?? (await brokerStarting)) : undefined;
    const mqPollers = mappings.mq.filter(() => activeMq !== undefined).map((mapping) => {
      const pool = findFunction(mapping.functionLogicalId);
      return new MqPoller(mapping, {
        broker: activeMq!,
        invoke: (event) => pool.invoke(event),
        onInvocationError: (outcome) => logFailure(pool, outcome),
        onError: (error) => progress(`Reading ${mapping.queues.join(', ')} from ActiveMQ failed: ${error.message}`),
        redelivery: options.mqRedelivery,
        consumers: Math.min(5, pool.concurrency),
      });
    });
    await Promise.all(mqPollers.map((p) => p.start()));

    // Pollers stop first: nothing should be received while functions and services are going away.
    for (const poller of [...pollers, ...streamPollers]) poller.start();
    stoppers.push(() => Promise.all([...pollers, ...streamPollers, ...mqPollers].map((p) => p.stop())));

    const api = await startLocalApi({
      template,
      port: options.apiPort ?? 3000,
      host,
      invoke: (logicalId, event) => findFunction(logicalId).invoke(event),
      onError: progress,
    });
    if (api) stoppers.push(api.stop);

    const keyOf = (logicalId: string) => constructPath({ logicalId, resource: template.Resources![logicalId]! });
    const deadLetterArns = new Set<string>([
      ...queues.flatMap((q) => (q.deadLetterQueue ? [queues.find((d) => d.logicalId === q.deadLetterQueue)!.arn] : [])),
      ...busSetup.rules.flatMap((r) => buses.listTargets(r.name, r.busName).flatMap((t) => (t.DeadLetterConfig?.Arn ? [t.DeadLetterConfig.Arn] : []))),
    ]);
    const busName = busSetup.buses[0] ?? 'default';
    const endpoints: LocalEndpoints = {
      ...(api ? { api: api.url } : {}),
      eventbridge: eventBridge.url,
      dynamodb: dynamo.endpoint,
      sqs: sqsService.endpoint,
      busName,
      region,
      tables: Object.fromEntries(tables.map((t) => [keyOf(t.logicalId), t.input.TableName!])),
      queues: Object.fromEntries(queues.map((q) => [keyOf(q.logicalId), q.url])),
      ...(s3
        ? {
            s3: s3.url,
            buckets: Object.fromEntries(s3.buckets.map((b) => [keyOf(b.logicalId), b.name])),
            s3Notifications: s3.notifier.configurations.map((c) => ({
              bucket: c.bucket,
              queue: ((q) => (q ? keyOf(q.logicalId) : c.queueArn))(queues.find((q) => q.arn === c.queueArn)),
              events: c.events,
              ...(c.prefix !== undefined ? { prefix: c.prefix } : {}),
              ...(c.suffix !== undefined ? { suffix: c.suffix } : {}),
            })),
            bucketsDir: s3.bucketsDir,
          }
        : {}),
      ...(activeMq
        ? { activemq: { host: activeMq.host, stompPort: activeMq.stompPort, openwirePort: activeMq.openwirePort, queues: mappings.mq.flatMap((m) => m.queues) } }
        : {}),
    };

    const findQueue = (key: string) => {
      const found = queues.find((q) => [q.logicalId, q.name, q.url, q.arn, keyOf(q.logicalId)].includes(key));
      if (!found) throw new Error(`No queue '${key}' in stack ${stack.stackName}`);
      return found;
    };
    const workQueues = mappings.sqs.map((m) => m.queue);

    /**
     * What is still at work. The runtime's own parts are asked first, in memory; the work queues' depths
     * (a GetQueueAttributes each) only once those are quiet, or for the full report (`all`): asking SQS
     * ten times a second per queue while a drain is plainly still going cost the runtime's main thread
     * about as much as the pollers themselves.
     */
    const busyParts = async (all = false): Promise<string[]> => {
      const busy: string[] = [];
      if (buses.inFlight > 0) busy.push(`eventbridge: ${buses.inFlight} deliveries`);
      if (s3 && s3.settling > 0) busy.push(`s3: ${s3.settling} file(s) settling in the bucket folders`);
      for (const poller of [...pollers, ...streamPollers]) if (poller.inFlight > 0) busy.push(`${poller.mapping.logicalId}: ${poller.inFlight} batches`);
      for (const poller of mqPollers) if (poller.inFlight > 0) busy.push(`${poller.mapping.logicalId}: ${poller.inFlight} messages held`);
      for (const pool of functions) if (pool.inFlight > 0) busy.push(`${pool.definition.displayName}: ${pool.inFlight} invocations`);
      if (busy.length > 0 && !all) return busy;
      for (const queue of workQueues) {
        const d = await queueDepth(sqs, queue.url);
        if (d.visible + d.inFlight + d.delayed > 0) busy.push(`${keyOf(queue.logicalId)}: ${d.visible} waiting, ${d.inFlight} in flight, ${d.delayed} delayed`);
      }
      return busy;
    };

    let stopped = false;
    return {
      endpoints,
      stack,
      resources,
      tables,
      queues,
      deadLetterQueues: queues.filter((q) => deadLetterArns.has(q.arn)),
      functions,
      s3,
      buses,
      api,
      secrets,
      queue: findQueue,
      invoke: (fn, event) => findFunction(fn).invoke(event, randomUUID()),
      queueDepths: () => Promise.all(queues.map(async (queue) => ({ queue, depth: await queueDepth(sqs, queue.url) }))),
      waitForIdle: async ({ timeoutMs = 120_000, settleMs = 300 } = {}) => {
        const started = Date.now();
        let quietSince: number | undefined;
        for (;;) {
          const busy = await busyParts();
          const now = Date.now();
          if (busy.length === 0) {
            quietSince ??= now;
            // Quiet for a while, and every stream read to its end by a pass begun since it went quiet:
            // records written just before were seen, not left in the stream between two polls.
            const streamsRead = streamPollers.every((p) => p.drainedSince(quietSince!));
            if (now - quietSince >= settleMs && streamsRead) return { idle: true, waitedMs: now - started, busy };
          } else quietSince = undefined;
          if (now - started > timeoutMs) return { idle: false, waitedMs: now - started, busy: await busyParts(true) };
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      redrive: (dlq, { to } = {}) => redrive(sqs, findQueue(dlq), to ? findQueue(to) : undefined),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Default place of the data kept by `--persist`. */
export const persistedDataDir = (projectDir: string) => join(projectDir, '.local', 'dynamodb');

