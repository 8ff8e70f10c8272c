// `npm start`: the whole stack on this machine, seeded with a simulated month, until Ctrl-C.
//   npm start -- [--port 3000] [--persist] [--no-seed] [--customers 300] [--days 30] [--seed 1]
//                [--stage dev] [--stack NAME] [--no-synth] [--concurrency 4]
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseArgs } from 'node:util';
import { ENDPOINTS_FILE, removeEndpointsFile, writeEndpointsFile } from './runtime/endpoints-file';
import { persistedDataDir, startLocalStack, type RunningLocalStack } from './runtime/local-stack';
import { consoleLogPrinter } from './runtime/log-printer';
import { seedStack } from './runtime/seed';
import { buildSummary, formatSummary } from './runtime/summary';

// This machine's Node makes the SDK warn about its future Node requirement; functions run on Lambda's.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const USAGE = `Usage: npm start -- [options]
  --port N           REST API port (default 3000)
  --persist          keep DynamoDB data on disk under .local/dynamodb (default: in memory)
  --no-seed          start empty: no simulated month
  --customers N      customers to simulate (default 300)
  --days D           days to simulate (default 30)
  --seed S           simulation seed (default 1)
  --stage NAME       CDK stage to synthesize (default dev)
  --stack NAME       stack to run when the app has several
  --no-synth         run the cloud assembly already in cdk.out
  --concurrency N    most concurrent invocations per function (default 4)
  --help             this text`;

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    persist: { type: 'boolean', default: false },
    'no-seed': { type: 'boolean', default: false },
    customers: { type: 'string', default: '300' },
    days: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    stage: { type: 'string', default: 'dev' },
    stack: { type: 'string' },
    'no-synth': { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '4' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const positive = (name: string, value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
};
const port = positive('port', args.port);
const customers = positive('customers', args.customers);
const days = positive('days', args.days);
const concurrency = positive('concurrency', args.concurrency);

const began = performance.now();
const seconds = () => ((performance.now() - began) / 1000).toFixed(1);
const say = (message: string) => console.log(`\x1b[2m[${seconds()} s]\x1b[0m ${message}`);

let stack: RunningLocalStack | undefined;
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping: pollers, functions, EventBridge, API, SQS, DynamoDB Local…');
  removeEndpointsFile();
  await stack?.stop();
  console.log('Stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('uncaughtException', (error) => {
  console.error(error);
  void shutdown(1);
});
process.on('unhandledRejection', (error) => {
  console.error(error);
  void shutdown(1);
});

try {
  stack = await startLocalStack({
    projectDir: process.cwd(),
    stage: args.stage,
    stackName: args.stack,
    synth: !args['no-synth'],
    apiPort: port,
    dynamoDbDataDir: args.persist ? persistedDataDir(process.cwd()) : undefined,
    concurrency: Math.max(1, concurrency),
    logs: consoleLogPrinter(),
    onProgress: say,
  });
  writeEndpointsFile(stack.endpoints);
  const e = stack.endpoints;
  say(`Stack ${stack.stack.stackName} is up (endpoints in ${ENDPOINTS_FILE}):`);
  console.log(
    [
      `  REST API     ${e.api ?? '(none in this stack)'}`,
      `  EventBridge  ${e.eventbridge}  bus ${e.busName}`,
      `  DynamoDB     ${e.dynamodb}  ${Object.values(e.tables).join(', ')}${args.persist ? ' (kept on disk)' : ' (in memory)'}`,
      `  SQS          ${e.sqs}`,
      ...(e.s3 ? [`  S3           ${e.s3}  buckets as folders in ${e.bucketsDir}: ${Object.values(e.buckets ?? {}).join(', ')} (npm run drop -- <file>)`] : []),
      `  SDK: AWS_ENDPOINT_URL_EVENTBRIDGE=${e.eventbridge} AWS_ENDPOINT_URL_DYNAMODB=${e.dynamodb} AWS_ENDPOINT_URL_SQS=${e.sqs}${e.s3 ? ` AWS_ENDPOINT_URL_S3=${e.s3}` : ''} AWS_REGION=${e.region}`,
    ].join('\n'),
  );

  if (!args['no-seed'] && customers > 0 && days > 0) {
    say(`Seeding ${customers} customers × ${days} days (seed ${args.seed}) through PutEvents…`);
    let lastReport = 0;
    const seeded = await seedStack(stack, {
      customers,
      days,
      seed: args.seed,
      onProgress: (sent) => {
        if (sent - lastReport >= 10_000) {
          lastReport = sent;
          say(`  ${sent.toLocaleString('en-US')} events sent`);
        }
      },
    });
    const delivery = seeded.simulation.delivery;
    say(
      `Seeded ${seeded.simulation.events.toLocaleString('en-US')} events` +
        (delivery ? ` (${delivery.failed} refused by PutEvents)` : '') +
        (seeded.drained.idle ? `; all processed ${seeded.seconds.toFixed(1)} s after the first was sent` : `; still busy after ${seeded.seconds.toFixed(0)} s: ${seeded.drained.busy.join('; ')}`),
    );
    if (seeded.complaintsFiled) say(`Filed ${seeded.complaintsFiled} complaints through the API, as customers and the contact centre would`);
    if (seeded.scheduledRulesRun.length) say(`Ran the scheduled rule(s) once over the seeded month: ${seeded.scheduledRulesRun.join(', ')}`);
  }

  const dynamoDb = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: stack.endpoints.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const summary = formatSummary(await buildSummary({ stack, dynamoDb }));
  dynamoDb.destroy();
  console.log(`\n${summary}\n`);
  say('Ready. Function logs follow; Ctrl-C stops everything.');
} catch (error) {
  // Ctrl-C while seeding pulls the services from under the seeding: that is not a failure.
  if (stopping) await new Promise(() => undefined);
  const message = (error as Error).message;
  console.error(`\nnpm start failed: ${message}${message.includes('EADDRINUSE') ? '\n(another process holds that port: pick another with --port N)' : ''}`);
  await shutdown(1);
}
