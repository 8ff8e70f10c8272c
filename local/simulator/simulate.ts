// One simulation run: generate the stream, and either count it (dry run) or put it on a bus — the
// local stack's (from .local/endpoints.json) or a deployed one with the usual AWS credentials.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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
};

export type SimulationSummary = {
  customers: number;
  days: number;
  seed: string;
  start: string;
  personas: Record<Persona, number>;
  events: number;
  countsByDetailType: DetailTypeCounts;
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

  const to = destination(options);
  const countsByDetailType = countByDetailType([]);
  let generated = 0;
  function* counted(): Generator<CoreBankingEvent> {
    for (const event of generateCoreBankingStream(streamOptions)) {
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
    const seconds = (performance.now() - began) / 1000;
    const summary: SimulationSummary = {
      ...base,
      events: generated,
      countsByDetailType,
      delivery: { ...result, target: options.target ?? 'local', busName: to.busName, endpoint: to.endpoint, seconds },
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
