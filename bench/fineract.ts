// `npm run bench -- fineract [--customers N] [--days D]`: Fineract messages per second from the broker
// to DynamoDB through the local stack (ActiveMQ → the MQ mapping → fineract-events → bus → ingestion →
// the table), against the broker's own consume rate for the same messages without processing (a STOMP
// consumer acknowledging each, with the mapping's prefetch), in the same run. Both are timed from the
// first message published to the last one done, so publishing counts on both sides. The messages are
// the simulated bank as Fineract sends it (local/simulator/fineract-translation.ts). A warm-up of other
// customers first, so cold starts are not counted. The machine is shared: read the ratio.
import { parseArgs } from 'node:util';
import { stompConnect } from '../local/activemq/stomp-client';
import { startLocalStack } from '../local/runtime/local-stack';
import { generateCoreBankingStream } from '../local/simulator/core-banking-stream';
import { FineractTranslation } from '../local/simulator/fineract-translation';
import { fmt, printTable } from './measure';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const messagesOf = (tenantId: string, customers: number, days: number, seed: string) => {
  const translation = new FineractTranslation(tenantId);
  return [...generateCoreBankingStream({ customers, days, seed })].flatMap((e) => translation.messages(e));
};

export default async function bench() {
  const { values } = parseArgs({ args: process.argv.slice(2), strict: false, options: { customers: { type: 'string' }, days: { type: 'string' } } });
  const customers = Number(values.customers ?? 40);
  const days = Number(values.days ?? 30);
  const messages = messagesOf('bench', customers, days, 'fineract-bench');
  const warmUp = messagesOf('warm', 3, 5, 'fineract-warm');

  const stack = await startLocalStack({ assemblyDir: '.local/cdk.out-bench-fineract', apiPort: 0, onProgress: (m) => console.error(m) });
  try {
    const mq = stack.endpoints.activemq!;
    const queue = mq.queues[0]!;
    const mapping = stack.stack.template.Resources!;
    const batchSize = Number(Object.values(mapping).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && r.Properties?.Queues)?.Properties?.BatchSize ?? 100);
    const producer = await stompConnect({ host: mq.host, port: mq.stompPort });

    // The broker alone: the same messages, consumed and acknowledged one by one, nothing done with them.
    const rawQueue = `${queue}.bench-raw`;
    const consumer = await stompConnect({ host: mq.host, port: mq.stompPort });
    let consumed = 0;
    let allConsumed!: () => void;
    const done = new Promise<void>((r) => (allConsumed = r));
    await consumer.subscribe(`/queue/${rawQueue}`, (frame) => {
      void consumer.ack(frame).then(() => {
        if (++consumed === messages.length) allConsumed();
      });
    }, { 'activemq.prefetchSize': batchSize });
    let started = performance.now();
    for (const m of messages) await producer.send(`/queue/${rawQueue}`, m);
    await done;
    const brokerSeconds = (performance.now() - started) / 1000;
    await consumer.close();

    for (const m of warmUp) await producer.send(`/queue/${queue}`, m);
    await stack.waitForIdle({ timeoutMs: 300_000, settleMs: 1000 });

    const SETTLE_MS = 500;
    started = performance.now();
    for (const m of messages) await producer.send(`/queue/${queue}`, m);
    const idle = await stack.waitForIdle({ timeoutMs: 900_000, settleMs: SETTLE_MS });
    const stackSeconds = (performance.now() - started - SETTLE_MS) / 1000;
    await producer.close();
    if (!idle.idle) throw new Error(`the stack did not become idle: ${idle.busy.join('; ')}`);
    const rejected = (await stack.queueDepths()).filter(({ queue: q }) => /Rejected|DeadLetter/i.test(q.logicalId)).reduce((n, { depth }) => n + depth.visible, 0);

    const brokerRate = messages.length / brokerSeconds;
    const stackRate = messages.length / stackSeconds;
    printTable(`Fineract: ${messages.length.toLocaleString('en-GB')} messages (${customers} customers × ${days} days), broker → DynamoDB vs the broker alone (shared machine)`, [
      { measure: 'broker alone: publish + consume + ack', value: `${fmt(brokerRate, 0)} msg/s`, baseline: `${fmt(brokerSeconds, 1)} s` },
      {
        measure: 'broker → fineract-events → bus → ingestion → DynamoDB',
        value: `${fmt(stackRate, 0)} msg/s`,
        baseline: `${fmt(stackSeconds, 1)} s`,
        ratio: fmt(stackRate / brokerRate, 3),
      },
      { measure: 'messages rejected or dead-lettered', value: String(rejected), target: '0' },
    ]);
  } finally {
    await stack.stop();
  }
}
