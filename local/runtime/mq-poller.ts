// Lambda's Amazon MQ (ActiveMQ) event source mapping, run against a real ActiveMQ. As AWS documents it:
// - batches of up to BatchSize messages, sent when full or when MaximumBatchingWindowInSeconds has
//   passed since the first message (default 500 ms), as the event { eventSource: 'aws:mq',
//   eventSourceArn, messages: [{ messageID, messageType, data (base64), destination, redelivered,
//   timestamps, properties… }] };
// - a batch is acknowledged only when the function succeeds; a failed batch is delivered again, whole,
//   with the redelivery policy Lambda uses (ActiveMQ's defaults with maximumRedeliveries 6: one second
//   apart), and then every message of it goes to the broker's dead-letter queue (ActiveMQ.DLQ).
// The broker does the dead-lettering: the poller sends a STOMP NACK, which ActiveMQ treats as a poison
// acknowledgement and moves the message to its DLQ, as the OpenWire client Lambda uses does after its
// last redelivery. Messages the poller held but had not acknowledged when it stops (or dies) are
// redelivered by the broker to the next consumer, marked redelivered.
import type { ActiveMqEvent, ActiveMqMessage } from '../../shared/fineract/adapters/mq-event';
import { stompConnect, type StompConnection, type StompFrame } from '../activemq/stomp-client';
import type { Invocation } from './function-pool';

export type MqEventSourceMapping = {
  logicalId: string;
  functionLogicalId: string;
  brokerArn: string;
  queues: string[];
  batchSize: number;
  batchingWindowSeconds: number;
  enabled: boolean;
  /** The BASIC_AUTH secret the mapping names (locally the broker has no users). */
  credentialsSecretArn?: string;
};

export type RedeliveryPolicy = { maximumRedeliveries: number; redeliveryDelayMs: number };
/** What Lambda's ActiveMQ consumer uses (Lambda guide, "Troubleshoot Amazon MQ event source mapping errors"). */
export const LAMBDA_REDELIVERY_POLICY: RedeliveryPolicy = { maximumRedeliveries: 6, redeliveryDelayMs: 1000 };

export type MqPollerOptions = {
  broker: { host: string; stompPort: number };
  invoke: (event: ActiveMqEvent) => Promise<Invocation>;
  onInvocationError?: (outcome: Extract<Invocation, { ok: false }>) => void;
  onError?: (error: Error) => void;
  redelivery?: RedeliveryPolicy;
  /** Consumers per queue (Lambda runs up to five for an ActiveMQ mapping). */
  consumers?: number;
};

const STANDARD_HEADERS = new Set(['message-id', 'destination', 'subscription', 'ack', 'content-length', 'content-type', 'expires', 'priority', 'timestamp', 'persistent', 'redelivered', 'correlation-id', 'reply-to', 'type', 'receipt', 'transformation', 'original-destination', 'originalExpiration']);

/** One STOMP MESSAGE frame as Lambda presents a JMS message. */
export function lambdaMqMessage(frame: StompFrame, receivedAt: number, redelivered: boolean): ActiveMqMessage {
  const h = frame.headers;
  const properties = Object.fromEntries(Object.entries(h).filter(([k]) => !STANDARD_HEADERS.has(k)));
  const timestamp = Number(h.timestamp ?? receivedAt);
  return {
    messageID: h['message-id'] ?? '',
    // ActiveMQ gives a BytesMessage's frame a content-length; a TextMessage's has none.
    messageType: h['content-length'] !== undefined ? 'jms/bytes-message' : 'jms/text-message',
    timestamp,
    deliveryMode: h.persistent === 'true' ? 2 : 1,
    correlationID: h['correlation-id'] ?? '',
    replyTo: h['reply-to'] ?? null,
    destination: { physicalName: (h.destination ?? '').replace(/^\/queue\//, '') },
    redelivered: redelivered || h.redelivered === 'true',
    type: h.type ?? '',
    expiration: Number(h.expires ?? 0),
    priority: Number(h.priority ?? 4),
    data: frame.body.toString('base64'),
    // STOMP does not carry the broker's in-time; the producer's timestamp is the nearest.
    brokerInTime: timestamp,
    brokerOutTime: receivedAt,
    properties: Object.keys(properties).length > 0 ? properties : null,
  };
}

type Held = { frame: StompFrame; receivedAt: number };

class QueueConsumer {
  private connection?: StompConnection;
  private buffer: Held[] = [];
  private windowTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private wake?: () => void;
  batches = 0;

  constructor(
    private readonly mapping: MqEventSourceMapping,
    private readonly queue: string,
    private readonly options: MqPollerOptions,
  ) {}

  get held() {
    return this.buffer.length + (this.running ? 1 : 0);
  }

  async start() {
    this.connection = await stompConnect({ host: this.options.broker.host, port: this.options.broker.stompPort });
    // Prefetch one batch: the broker holds the rest until this consumer acknowledges.
    await this.connection.subscribe(`/queue/${this.queue}`, (frame) => this.receive(frame), { 'activemq.prefetchSize': this.mapping.batchSize });
    void this.connection.closed.then((error) => {
      if (!this.stopped && error) this.options.onError?.(error);
    });
  }

  private receive(frame: StompFrame) {
    this.buffer.push({ frame, receivedAt: Date.now() });
    this.schedule();
  }

  private schedule() {
    if (this.running || this.stopped || this.buffer.length === 0) return;
    if (this.buffer.length >= this.mapping.batchSize) {
      clearTimeout(this.windowTimer);
      this.windowTimer = undefined;
      this.dispatch();
    } else if (!this.windowTimer) {
      this.windowTimer = setTimeout(() => {
        this.windowTimer = undefined;
        this.dispatch();
      }, this.mapping.batchingWindowSeconds * 1000);
    }
  }

  private dispatch() {
    if (this.running || this.stopped || this.buffer.length === 0) return;
    const batch = this.buffer.splice(0, this.mapping.batchSize);
    this.running = this.deliver(batch)
      .catch((error: Error) => this.options.onError?.(error))
      .finally(() => {
        this.running = undefined;
        this.schedule();
      });
  }

  private async deliver(batch: Held[]) {
    const policy = this.options.redelivery ?? LAMBDA_REDELIVERY_POLICY;
    for (let redeliveries = 0; ; redeliveries++) {
      if (this.stopped) return; // unacknowledged: the broker redelivers them
      const event: ActiveMqEvent = {
        eventSource: 'aws:mq',
        eventSourceArn: this.mapping.brokerArn,
        messages: batch.map((m) => lambdaMqMessage(m.frame, m.receivedAt, redeliveries > 0)),
      };
      this.batches++;
      const outcome = await this.options.invoke(event);
      if (outcome.ok) {
        for (const m of batch) await this.connection!.ack(m.frame);
        return;
      }
      this.options.onInvocationError?.(outcome);
      if (redeliveries >= policy.maximumRedeliveries) {
        // Past the policy: a poison acknowledgement, and the broker moves each to its DLQ.
        for (const m of batch) await this.connection!.nack(m.frame);
        return;
      }
      // The redelivery delay; a stop cuts it short and leaves the batch to the broker.
      if (this.stopped) return;
      await new Promise<void>((r) => {
        const timer = setTimeout(r, policy.redeliveryDelayMs);
        this.wake = () => (clearTimeout(timer), r());
      });
      this.wake = undefined;
    }
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.windowTimer);
    this.wake?.();
    await this.running;
    await this.connection?.close();
  }
}

export class MqPoller {
  private readonly consumers: QueueConsumer[];

  constructor(
    readonly mapping: MqEventSourceMapping,
    options: MqPollerOptions,
  ) {
    const perQueue = Math.max(1, Math.min(5, options.consumers ?? 1));
    this.consumers = mapping.queues.flatMap((q) => Array.from({ length: perQueue }, () => new QueueConsumer(mapping, q, options)));
  }

  /** Messages received and not yet acknowledged or dead-lettered, plus batches being delivered. */
  get inFlight() {
    return this.consumers.reduce((n, c) => n + c.held, 0);
  }

  get batches() {
    return this.consumers.reduce((n, c) => n + c.batches, 0);
  }

  async start() {
    if (!this.mapping.enabled) return;
    await Promise.all(this.consumers.map((c) => c.start()));
  }

  async stop() {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}
