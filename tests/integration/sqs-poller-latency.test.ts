// The local SQS poller answers work that is waiting at once. SQS answers a long poll as soon as it holds
// any message; local-aws-sqs holds one until it has MaxNumberOfMessages or the wait is over, so a poller
// asking for ten left three messages waiting out the whole second of its long poll (issue 16: wall time
// lost for nothing at the tail of every drain and on every low-volume queue).
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SqsEventSourceMapping } from '../../local/runtime/event-source-mappings';
import { SqsPoller } from '../../local/runtime/sqs-poller';
import { createQueue, sqs } from '../support/local-aws';

const pollers: SqsPoller[] = [];
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
});

const mappingFor = (url: string, batchSize: number, batchingWindowSeconds: number): SqsEventSourceMapping => ({
  logicalId: 'Mapping',
  functionLogicalId: 'Fn',
  queue: { logicalId: 'Queue', name: url.split('/').at(-1)!, arn: `arn:aws:sqs:us-east-1:000000000000:${url.split('/').at(-1)}`, url, attributes: {} },
  batchSize,
  batchingWindowSeconds,
  reportBatchItemFailures: true,
  enabled: true,
  filterPatterns: [],
});

describe('sqs poller', () => {
  it('delivers three waiting messages of a batch-of-ten mapping without waiting out its long poll', async () => {
    const client = sqs();
    const url = await createQueue(client);
    const batches: { at: number; size: number }[] = [];
    const poller = new SqsPoller(mappingFor(url, 10, 0), {
      sqs: client,
      region: 'us-east-1',
      pollers: 1,
      invoke: async (event) => {
        batches.push({ at: Date.now(), size: (event as { Records: unknown[] }).Records.length });
        return { requestId: randomUUID(), durationMs: 1, ok: true as const, result: { batchItemFailures: [] } };
      },
    });
    pollers.push(poller);
    poller.start();
    // Let the poller's first long poll begin on the empty queue.
    await new Promise((r) => setTimeout(r, 50));
    const sent = Date.now();
    await client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [1, 2, 3].map((i) => ({ Id: String(i), MessageBody: `m${i}` })) }));
    const deadline = Date.now() + 5_000;
    while (batches.reduce((n, b) => n + b.size, 0) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(batches.reduce((n, b) => n + b.size, 0)).toBe(3);
    // Before: about 1 s (what was left of the long poll's second, and local-aws-sqs's 40 ms).
    expect(batches[0]!.at - sent).toBeLessThan(600);
  }, 30_000);

  it('still gathers a batch over its batching window', async () => {
    const client = sqs();
    const url = await createQueue(client);
    const batches: number[] = [];
    const poller = new SqsPoller(mappingFor(url, 25, 1), {
      sqs: client,
      region: 'us-east-1',
      pollers: 1,
      invoke: async (event) => {
        batches.push((event as { Records: unknown[] }).Records.length);
        return { requestId: randomUUID(), durationMs: 1, ok: true as const, result: { batchItemFailures: [] } };
      },
    });
    pollers.push(poller);
    poller.start();
    for (let i = 0; i < 2; i++) {
      await client.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: Array.from({ length: 10 }, (_, j) => ({ Id: String(j), MessageBody: `m${i}-${j}` })) }));
      await new Promise((r) => setTimeout(r, 200));
    }
    const deadline = Date.now() + 10_000;
    while (batches.reduce((n, b) => n + b, 0) < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // Twenty messages sent 200 ms apart in a 1 s window: one batch, not one per receive.
    expect(batches).toEqual([20]);
  }, 30_000);
});
