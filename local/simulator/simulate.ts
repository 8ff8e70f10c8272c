// One simulation run: generate the stream, and either count it (dry run) or put it on a bus — the
// local stack's (from .local/endpoints.json) or a deployed one with the usual AWS credentials.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import type { CoreBankingEvent } from '../../shared/contracts/events';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../services/dynamodb-local';
import type { ComplaintFiling } from './complaint-filing';
import {
  countByDetailType,
  DEFAULT_START,
  type DetailTypeCounts,
  generateCoreBankingStream,
  simulatedCustomers,
  type StreamOptions,
} from './core-banking-stream';
import { PERSONAS, type Persona } from './personas';
import { type SendProgress, type SendResult, sendToBus } from './send-to-bus';
import { sendToFineract, type FineractSendResult } from './send-to-fineract';
import { type CamtFilesResult, camtFileWriter } from './camt-files';

export const LOCAL_ENDPOINTS_FILE = '.local/endpoints.json';

export type SimulateOptions = StreamOptions & {
  /** 'local' (default): the stack started by `npm start`; 'aws': a deployed bus named by `bus`. */
  target?: 'local' | 'aws';
  /** Bus name: required for 'aws'; for 'local', overrides the one in endpoints.json. */
  bus?: string;
  /** Count the events without sending them. */
  dryRun?: boolean;
  /** EventBridge endpoint URL; for 'local', used instead of reading endpoints.json. */
  endpoint?: string;
  /** Where the local stack wrote its endpoints (default .local/endpoints.json under the working directory). */
  endpointsFile?: string;
  /** For 'aws': a region other than the credential chain's. */
  region?: string;
  /** For 'aws': the event source, when the stage names another than core.banking. */
  source?: string;
  concurrency?: number;
  onProgress?: (progress: SendProgress & { generated: number }) => void;
  /** Extension point: complaints filed through the API after the stream is sent (see complaint-filing.ts). */
  complaints?: ComplaintFiling;
  /**
   * Which way into the layer: the bus (default, contract events), Fineract (MessageV1 to the local
   * ActiveMQ), or camt (bookings and balances as camt.054/053 files in the local bucket; customers and
   * accounts still over the bus, as a core would announce them alongside its statements). Local only.
   */
  via?: 'bus' | 'fineract' | 'camt';
};

export type SimulationSummary = {
  customers: number;
  days: number;
  seed: string;
  start: string;
  personas: Record<Persona, number>;
  events: number;
  countsByDetailType: DetailTypeCounts;
  /** --via fineract: messages sent to the broker, and contract events Fineract has no event for. */
  fineract?: FineractSendResult;
  /** --via camt: files written to the bucket, and the events sent over the bus beside them. */
  camt?: CamtFilesResult;
  delivery?: Omit<SendResult, 'failures'> & {
    failures: SendResult['failures'];
    target: 'local' | 'aws';
    busName: string;
    endpoint?: string;
    seconds: number;
  };
  complaints?: { filed: number };
};

export class LocalStackNotRunningError extends Error {}

const LocalEndpoints = z.object({
  eventbridge: z.url(),
  busName: z.string().min(1).optional(),
  api: z.string().optional(),
  activemq: z.object({ host: z.string(), stompPort: z.number(), queues: z.array(z.string()) }).optional(),
  s3: z.string().optional(),
  s3Notifications: z.array(z.object({ bucket: z.string(), queue: z.string(), prefix: z.string().optional() })).optional(),
  bucketsDir: z.string().optional(),
});
export type LocalEndpoints = z.infer<typeof LocalEndpoints>;

export function readLocalEndpoints(file = LOCAL_ENDPOINTS_FILE): LocalEndpoints {
  const path = resolve(file);
  if (!existsSync(path)) {
    throw new LocalStackNotRunningError(
      `No local stack found: ${file} does not exist. Start the stack first with \`npm start\` (in another terminal), ` +
        'then run the simulator again — or send to a deployed bus with --target aws --bus NAME.',
    );
  }
  const parsed = LocalEndpoints.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new LocalStackNotRunningError(`${file} has no usable "eventbridge" endpoint; restart the stack with \`npm start\`.`);
  }
  return parsed.data;
}

/** The local bucket folder whose objects are announced to the camt file queue. */
function camtDestination(options: SimulateOptions) {
  const endpoints = readLocalEndpoints(options.endpointsFile);
  const notification = endpoints.s3Notifications?.find((n) => /camt/i.test(n.queue)) ?? endpoints.s3Notifications?.[0];
  if (!notification || !endpoints.bucketsDir) throw new LocalStackNotRunningError('The local stack has no bucket with notifications: --via camt needs the camt bucket.');
  return camtFileWriter({ bucketDir: join(endpoints.bucketsDir, notification.bucket), prefix: notification.prefix });
}

type Destination = { client: EventBridgeClient; busName: string; endpoint?: string; apiUrl?: string };

function destination(options: SimulateOptions): Destination {
  if ((options.target ?? 'local') === 'aws') {
    if (!options.bus) throw new Error('--target aws needs --bus NAME: the event bus of the deployed stage.');
    return { client: new EventBridgeClient(options.region ? { region: options.region } : {}), busName: options.bus };
  }
  const endpoints = options.endpoint ? undefined : readLocalEndpoints(options.endpointsFile);
  const endpoint = options.endpoint ?? endpoints!.eventbridge;
  const busName = options.bus ?? endpoints?.busName;
  if (!busName) throw new Error(`No bus name: pass --bus NAME, or let the local stack write "busName" to ${LOCAL_ENDPOINTS_FILE}.`);
  return {
    client: new EventBridgeClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
    busName,
    endpoint,
    apiUrl: endpoints?.api,
  };
}

/** Runs a simulation and says what was generated and delivered. Used by the CLI and by `npm start`. */
export async function simulate(options: SimulateOptions): Promise<SimulationSummary> {
  const start = options.start ?? DEFAULT_START;
  const seed = String(options.seed);
  const streamOptions: StreamOptions = { customers: options.customers, days: options.days, seed, start };
  const roster = simulatedCustomers(streamOptions);
  const personas = Object.fromEntries(PERSONAS.map((p) => [p, 0])) as Record<Persona, number>;
  for (const c of roster) personas[c.persona] += 1;
  const base = { customers: options.customers, days: options.days, seed, start, personas };

  if (options.dryRun) {
    const countsByDetailType = countByDetailType(generateCoreBankingStream(streamOptions));
    return { ...base, events: total(countsByDetailType), countsByDetailType };
  }

  if (options.via === 'fineract') {
    const endpoints = readLocalEndpoints(options.endpointsFile);
    const mq = endpoints.activemq;
    if (!mq?.queues[0]) throw new LocalStackNotRunningError('The local stack runs no ActiveMQ (its template has no Amazon MQ mapping): --via fineract needs one.');
    const countsByDetailType = countByDetailType([]);
    const counted = function* () {
      for (const event of generateCoreBankingStream(streamOptions)) {
        countsByDetailType[event.detailType] += 1;
        yield event;
      }
    };
    const fineract = await sendToFineract(counted(), { host: mq.host, stompPort: mq.stompPort, queue: mq.queues[0] });
    return { ...base, events: total(countsByDetailType), countsByDetailType, fineract };
  }

  const to = destination(options);
  const countsByDetailType = countByDetailType([]);
  let generated = 0;
  const camtFiles = options.via === 'camt' ? camtDestination(options) : undefined;
  function* counted(): Generator<CoreBankingEvent> {
    const stream = generateCoreBankingStream(streamOptions);
    for (const event of camtFiles ? camtFiles.passThrough(stream) : stream) {
      countsByDetailType[event.detailType] += 1;
      generated += 1;
      yield event;
    }
  }
  const began = performance.now();
  try {
    const result = await sendToBus(counted(), {
      client: to.client,
      busName: to.busName,
      ...(options.source ? { source: options.source } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      onProgress: options.onProgress ? (p) => options.onProgress!({ ...p, generated }) : undefined,
    });
    const camt = camtFiles ? await camtFiles.finish() : undefined;
    const seconds = (performance.now() - began) / 1000;
    const summary: SimulationSummary = {
      ...base,
      events: generated,
      countsByDetailType,
      delivery: { ...result, target: options.target ?? 'local', busName: to.busName, endpoint: to.endpoint, seconds },
      ...(camt ? { camt } : {}),
    };
    if (options.complaints) {
      summary.complaints = await options.complaints.fileComplaints({
        customers: roster,
        seed,
        start,
        days: options.days,
        apiUrl: to.apiUrl,
      });
    }
    return summary;
  } finally {
    to.client.destroy();
  }
}

const total = (counts: DetailTypeCounts) => Object.values(counts).reduce((a, b) => a + b, 0);
