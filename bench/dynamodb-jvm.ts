// DynamoDB Local's JVM settings, measured: the same conditional writes (the shape of ingestion's, on
// stream-enabled tables as the stack has them) against a fresh DynamoDB Local per setting, alternating,
// counting the JVM's own CPU time (utime + stime from /proc): a figure that depends far less on the
// machine's load than the wall clock does.
//   npm run bench -- dynamodb-jvm [--requests 6000] [--runs 1]
import { CreateTableCommand, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DYNAMODB_LOCAL_JVM_OPTIONS, LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../local/services/dynamodb-local';
import { fmt, median, printTable, runWithConcurrency } from './measure';

const SETTINGS: { name: string; options: readonly string[] }[] = [
  { name: 'JVM defaults (tiered C1+C2, G1)', options: [] },
  { name: DYNAMODB_LOCAL_JVM_OPTIONS.join(' '), options: DYNAMODB_LOCAL_JVM_OPTIONS },
];

const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

async function runOnce(options: readonly string[], requests: number) {
  const dynamo = await startDynamoDbLocal({ jvmOptions: options });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    for (const TableName of ['bench-a', 'bench-b', 'bench-c']) {
      await client.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'SK', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
        }),
      );
    }
    const before = cpuSeconds(dynamo.pid!);
    const began = performance.now();
    await runWithConcurrency(requests, 16, async (i) => {
      await client.send(
        new UpdateItemCommand({
          TableName: 'bench-a',
          Key: { PK: { S: `C#${i % 300}` }, SK: { S: `TX#${i}` } },
          UpdateExpression: 'SET v = :v, d = :d',
          ConditionExpression: 'attribute_not_exists(v) OR v < :v',
          ExpressionAttributeValues: { ':v': { N: String(i) }, ':d': { S: 'x'.repeat(200) } },
        }),
      );
    });
    return { cpuS: cpuSeconds(dynamo.pid!) - before, wallS: (performance.now() - began) / 1000 };
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

export default async function bench(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), strict: false, options: { requests: { type: 'string' }, runs: { type: 'string' } } });
  const requests = Number(values.requests ?? 6000);
  const runs = Math.max(1, Number(values.runs ?? 1));
  const results = new Map(SETTINGS.map((s) => [s.name, [] as { cpuS: number; wallS: number }[]]));
  for (let r = 0; r < runs; r++) for (const s of SETTINGS) results.get(s.name)!.push(await runOnce(s.options, requests));
  const base = median(results.get(SETTINGS[0]!.name)!.map((x) => x.cpuS));
  printTable(`DynamoDB Local: JVM CPU for ${requests.toLocaleString('en-US')} conditional UpdateItems, 16 in flight, 3 stream tables (median of ${runs}; machine shared)`, [
    ...SETTINGS.map((s) => {
      const cpu = median(results.get(s.name)!.map((x) => x.cpuS));
      return {
        measure: s.name,
        value: `${fmt((cpu * 1000) / requests, 2)} ms CPU / request`,
        baseline: `${fmt(cpu, 1)} CPU-s, ${fmt(median(results.get(s.name)!.map((x) => x.wallS)), 1)} s wall`,
        ratio: fmt(cpu / base, 2),
      };
    }),
  ]);
}
