// The Amazon MQ event source emulation against a real ActiveMQ: batches shaped as Lambda documents
// them, acknowledged only on success, a failed batch delivered again whole (marked redelivered) up to
// the redelivery policy, then every message of it in the broker's dead-letter queue; a poller that
// stops with messages unacknowledged leaves them to the broker, which gives them to the next consumer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKER_DLQ, startActiveMq, type RunningActiveMq } from '../../../local/activemq/activemq-broker';
import { stompConnect, type StompConnection, type StompFrame } from '../../../local/activemq/stomp-client';
import type { Invocation } from '../../../local/runtime/function-pool';
import { MqPoller, type MqEventSourceMapping } from '../../../local/runtime/mq-poller';
import type { ActiveMqEvent } from '../../../shared/fineract/adapters/mq-event';

let broker: RunningActiveMq;
let producer: StompConnection;

beforeAll(async () => {
  broker = await startActiveMq({ persistent: false });
  producer = await stompConnect({ host: broker.host, port: broker.stompPort });
}, 90_000);

afterAll(async () => {
  await producer?.close();
  await broker?.stop();
});

const BROKER_ARN = 'arn:aws:mq:us-east-1:123456789012:broker:test:b-1';
const mapping = (queue: string, batchSize = 10): MqEventSourceMapping => ({ logicalId: 'Mapping', functionLogicalId: 'Fn', brokerArn: BROKER_ARN, queues: [queue], batchSize, batchingWindowSeconds: 0.2, enabled: true });
const ok = (): Invocation => ({ ok: true, result: null, requestId: 'r', durationMs: 1 });
const failed = (): Invocation => ({ ok: false, error: { errorType: 'Error', errorMessage: 'boom' }, requestId: 'r', durationMs: 1 });
const until = async (check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function drain(queue: string, ms = 1500): Promise<StompFrame[]> {
  const c = await stompConnect({ host: broker.host, port: broker.stompPort });
  const got: StompFrame[] = [];
  await c.subscribe(`/queue/${queue}`, (f) => {
    got.push(f);
    void c.ack(f);
  });
  await new Promise((r) => setTimeout(r, ms));
  await c.close();
  return got;
}

describe('the Amazon MQ event source, locally', () => {
  it('invokes with batches as Lambda builds them for ActiveMQ and acknowledges on success', async () => {
    const events: ActiveMqEvent[] = [];
    const poller = new MqPoller(mapping('esm.ok', 3), { broker, invoke: async (e) => (events.push(e), ok()) });
    await poller.start();
    for (let i = 0; i < 5; i++) await producer.send('/queue/esm.ok', Buffer.from([i, 0xff, 0]), { tenant: 'default' });
    await until(() => events.flatMap((e) => e.messages).length === 5 && poller.inFlight === 0);
    await poller.stop();
    expect(events.map((e) => e.messages.length)).toEqual([3, 2]);
    const [first] = events[0]!.messages;
    expect(events[0]).toMatchObject({ eventSource: 'aws:mq', eventSourceArn: BROKER_ARN });
    expect(first).toMatchObject({
      messageID: expect.stringMatching(/^ID:/),
      messageType: 'jms/bytes-message',
      deliveryMode: 2,
      destination: { physicalName: 'esm.ok' },
      redelivered: false,
      priority: 4,
      data: Buffer.from([0, 0xff, 0]).toString('base64'),
      properties: { tenant: 'default' },
    });
    expect(first!.brokerOutTime).toBeGreaterThanOrEqual(first!.timestamp);
    // Acknowledged: nothing left on the queue.
    expect(await drain('esm.ok')).toEqual([]);
  });

  it('delivers a failed batch again, whole and marked redelivered, up to the policy, then to the broker DLQ', async () => {
    const events: ActiveMqEvent[] = [];
    const poller = new MqPoller(mapping('esm.failing'), { broker, invoke: async (e) => (events.push(e), failed()), redelivery: { maximumRedeliveries: 3, redeliveryDelayMs: 50 } });
    await poller.start();
    await producer.send('/queue/esm.failing', Buffer.from('one'));
    await producer.send('/queue/esm.failing', Buffer.from('two'));
    await until(() => events.length === 4 && poller.inFlight === 0);
    await new Promise((r) => setTimeout(r, 300));
    await poller.stop();
    // One delivery and three redeliveries, never more.
    expect(events).toHaveLength(4);
    expect(events.map((e) => e.messages.map((m) => m.redelivered))).toEqual([[false, false], [true, true], [true, true], [true, true]]);
    expect(new Set(events.map((e) => e.messages.map((m) => m.messageID).join()))).toHaveProperty('size', 1);
    const dead = (await drain(BROKER_DLQ)).filter((f) => f.headers['original-destination'] === '/queue/esm.failing');
    expect(dead.map((f) => f.body.toString())).toEqual(['one', 'two']);
    expect(await drain('esm.failing')).toEqual([]);
  });

  it('leaves unacknowledged messages to the broker when it stops: the next consumer gets them, redelivered', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let invoked = false;
    const first = new MqPoller(mapping('esm.crash'), { broker, invoke: async () => ((invoked = true), await gate, failed()), redelivery: { maximumRedeliveries: 6, redeliveryDelayMs: 10_000 } });
    await first.start();
    await producer.send('/queue/esm.crash', Buffer.from('kept'));
    // Stopped while its batch is in the function, then waiting to be redelivered.
    await until(() => invoked);
    const stopping = first.stop();
    release();
    await stopping;
    const again: ActiveMqEvent[] = [];
    const second = new MqPoller(mapping('esm.crash'), { broker, invoke: async (e) => (again.push(e), ok()) });
    await second.start();
    await until(() => again.length === 1 && second.inFlight === 0);
    await second.stop();
    expect(again[0]!.messages.map((m) => [Buffer.from(m.data, 'base64').toString(), m.redelivered])).toEqual([['kept', true]]);
  });
});
