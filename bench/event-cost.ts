// What one core-banking event costs end to end: a simulated month (the simulator's mix of events) put
// on the local stack's bus and followed through every stage — ingestion, segmentation's stream
// re-evaluation, whatever else consumes it — until the stack is idle. Counted, not timed, so the figures
// do not depend on how loaded the machine is:
//   DynamoDB read and write units and requests (at the wire, by a metering proxy: bench/dynamodb-meter.ts),
//   PutEvents entries (the simulator's and the functions' own), Lambda invocations and GB-seconds,
// then priced at AWS's published on-demand prices, next to the floor of one write unit per event.
//   npm run bench -- event-cost [--customers 100] [--days 30] [--seed 1]
//
// The month is sent as fast as the stack takes it, so a stream batch holds more of one customer's
// events than a month trickling in over 30 days would: see docs/first-run.md for what
// that means for the deployed batching window.
import { parseArgs } from 'node:util';
import { startLocalStack } from '../local/runtime/local-stack';
import { startDynamoDbLocal } from '../local/services/dynamodb-local';
import { simulate } from '../local/simulator';
import { startDynamoDbMeter, type OperationCount } from './dynamodb-meter';
import { discardFunctionLogs, fmt, printTable } from './measure';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * US East (N. Virginia) on-demand prices, USD:
 * - DynamoDB on-demand: $0.625 per million write request units, $0.125 per million read request units
 *   (after the November 2024 reduction; https://airbyte.com/data-engineering-resources/dynamodb-pricing,
 *   https://aws.amazon.com/blogs/aws/amazon-dynamodb-on-demand-no-capacity-planning-and-pay-per-request-pricing).
 * - Lambda on Arm: $0.20 per million requests, $0.0000133334 per GB-second (first tier)
 *   (https://aws.amazon.com/lambda/pricing/, https://cloudchipr.com/blog/aws-lambda-pricing).
 * - EventBridge custom events: $1.00 per million entries of up to 64 KB
 *   (https://blog.awsfundamentals.com/aws-eventbridge-pricing-guide, https://cloudburn.io/blog/amazon-eventbridge-pricing).
 * SQS requests and CloudWatch Logs are not counted here.
 */
export const PRICES = {
  writeUnit: 0.625e-6,
  readUnit: 0.125e-6,
  lambdaRequest: 0.2e-6,
  lambdaGbSecond: 0.0000133334,
  putEventsEntry: 1e-6,
};

export type EventCost = {
  events: number;
  dynamoDb: OperationCount;
  byCaller: Record<string, OperationCount>;
  byOperation: Record<string, OperationCount>;
  putEventsEntries: number;
  invocations: Record<string, { count: number; gbSeconds: number }>;
  /** Stream invocations × distinct customers in each: how many evaluations the stream batches asked for. */
  customerEvaluations: number;
  seconds: number;
};

/** Drives one simulated month through a fresh local stack and counts what it cost. */
export async function measureEventCost(options: { customers: number; days: number; seed: string }): Promise<EventCost> {
  const dynamo = await startDynamoDbLocal();
  const meter = await startDynamoDbMeter(dynamo.endpoint);
  const stack = await startLocalStack({ assemblyDir: '.local/cdk.out-bench', apiPort: 0, dynamoDbEndpoint: meter.endpoint });
  const restore = discardFunctionLogs();
  try {
    const invocations: EventCost['invocations'] = {};
    let customerEvaluations = 0;
    for (const pool of stack.functions) {
      const invoke = pool.invoke.bind(pool);
      const name = pool.definition.displayName;
      pool.invoke = async (...args) => {
        const records = (args[0] as { Records?: { eventSource?: string; dynamodb?: { Keys?: { PK?: { S?: string } } } }[] }).Records ?? [];
        if (records[0]?.eventSource === 'aws:dynamodb') customerEvaluations += new Set(records.map((r) => r.dynamodb?.Keys?.PK?.S)).size;
        const outcome = await invoke(...args);
        const seen = (invocations[name] ??= { count: 0, gbSeconds: 0 });
        seen.count += 1;
        // Lambda bills each invocation by the millisecond at its configured memory.
        seen.gbSeconds += (Math.ceil(outcome.durationMs) / 1000) * (pool.definition.memoryMb / 1024);
        return outcome;
      };
    }
    let putEventsEntries = 0;
    const putEvents = stack.buses.putEvents.bind(stack.buses);
    stack.buses.putEvents = async (entries) => {
      putEventsEntries += Array.isArray(entries) ? entries.length : 0;
      return putEvents(entries);
    };

    meter.reset(); // table creation is not the events' cost
    const began = performance.now();
    const simulation = await simulate({ ...options, endpoint: stack.endpoints.eventbridge, bus: stack.endpoints.busName });
    const drained = await stack.waitForIdle({ timeoutMs: 900_000 });
    if (!drained.idle) throw new Error(`the stack did not drain: ${drained.busy.join('; ')}`);
    return {
      events: simulation.events,
      dynamoDb: meter.totals(),
      byCaller: meter.byCaller(),
      byOperation: meter.byOperation(),
      putEventsEntries,
      invocations,
      customerEvaluations,
      seconds: (performance.now() - began) / 1000,
    };
  } finally {
    restore();
    await stack.stop();
    await meter.stop();
    await dynamo.stop();
  }
}

export function printEventCost(cost: EventCost, title: string) {
  const per = (n: number) => n / cost.events;
  const calls = Object.values(cost.invocations).reduce((n, i) => n + i.count, 0);
  const gbSeconds = Object.values(cost.invocations).reduce((n, i) => n + i.gbSeconds, 0);
  const usd = {
    writes: cost.dynamoDb.writeUnits * PRICES.writeUnit,
    reads: cost.dynamoDb.readUnits * PRICES.readUnit,
    putEvents: cost.putEventsEntries * PRICES.putEventsEntry,
    lambda: calls * PRICES.lambdaRequest + gbSeconds * PRICES.lambdaGbSecond,
  };
  const perMillion = (usdTotal: number) => `$${fmt((usdTotal / cost.events) * 1e6, 2)}`;
  const total = usd.writes + usd.reads + usd.putEvents + usd.lambda;
  const floor = PRICES.writeUnit * cost.events;
  printTable(title, [
    { measure: 'DynamoDB write units / event', value: fmt(per(cost.dynamoDb.writeUnits), 2), baseline: '1.00 (one write per event)', ratio: fmt(per(cost.dynamoDb.writeUnits), 2), target: '≤ 2.0' },
    { measure: 'DynamoDB read units / event', value: fmt(per(cost.dynamoDb.readUnits), 2), target: '≤ 2.0' },
    { measure: 'DynamoDB requests / event', value: fmt(per(cost.dynamoDb.requests), 2) },
    { measure: 'PutEvents entries / event', value: fmt(per(cost.putEventsEntries), 3), baseline: '1.000 (the event itself)' },
    { measure: 'Lambda invocations / event', value: fmt(per(calls), 3) },
    { measure: 'customer evaluations / event (stream)', value: fmt(per(cost.customerEvaluations), 3), baseline: '1.000 (one per event, no coalescing)' },
    { measure: 'Lambda GB-seconds / event (local durations)', value: fmt(per(gbSeconds), 4) },
    { measure: 'USD per million events: DynamoDB', value: perMillion(usd.writes + usd.reads), baseline: `${perMillion(floor)} floor`, ratio: fmt((usd.writes + usd.reads) / floor, 2) },
    { measure: 'USD per million events: EventBridge', value: perMillion(usd.putEvents) },
    { measure: 'USD per million events: Lambda', value: perMillion(usd.lambda) },
    { measure: 'USD per million events: all counted', value: perMillion(total), baseline: `${perMillion(floor)} floor`, ratio: fmt(total / floor, 2) },
  ]);
  const stages = Object.entries(cost.byCaller).sort(([a], [b]) => a.localeCompare(b));
  printTable(`${title}: DynamoDB per stage (per event)`, stages.map(([caller, c]) => ({
    measure: caller,
    value: `${fmt(per(c.writeUnits), 3)} WU · ${fmt(per(c.readUnits), 3)} RU · ${fmt(per(c.requests), 3)} requests`,
    baseline: c.refused ? `${c.refused} refused writes` : undefined,
  })));
  printTable(`${title}: Lambda`, Object.entries(cost.invocations).map(([fn, i]) => ({ measure: fn, value: `${i.count} invocations`, baseline: `${fmt(i.gbSeconds, 1)} GB-s` })));
  console.log(`\n${cost.events.toLocaleString('en-GB')} events; sent and drained in ${fmt(cost.seconds, 0)} s on a machine shared with other work (counts do not depend on it; GB-seconds do).`);
}

export default async function bench(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), strict: false, options: { customers: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' } } });
  const options = { customers: Number(values.customers ?? 100), days: Number(values.days ?? 30), seed: String(values.seed ?? '1') };
  const cost = await measureEventCost(options);
  printEventCost(cost, `End-to-end cost per core-banking event: ${options.customers} customers × ${options.days} days, seed ${options.seed}`);
}
