// Hands matched events to rule targets: SQS queues (in batches, as EventBridge sends them) and
// Lambda functions (asynchronous invocation). A delivery that fails is retried, then goes to the
// target's dead-letter queue with EventBridge's error attributes, or is dropped and logged.
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Delivery } from './event-buses';

export type TargetDeliveryOptions = {
  sqs: SQSClient;
  /** Base URL of the local SQS: a queue ARN arn:aws:sqs:r:account:name is <sqsEndpoint>/<account>/<name>. */
  sqsEndpoint: string;
  /** Starts an asynchronous invocation of a function named by its ARN; resolves once accepted. */
  invokeFunctionAsync?: (functionArn: string, payload: unknown) => Promise<void>;
  warn?: (message: string) => void;
  /** Attempts per delivery before dead-lettering (EventBridge retries for up to 24 h; locally a few). */
  attempts?: number;
};

export const queueUrlFromArn = (arn: string, sqsEndpoint: string) => {
  const [, , , , account, name] = arn.split(':');
  return `${sqsEndpoint}/${account}/${name}`;
};

const serviceOf = (arn: string) => arn.split(':')[2];

export function createTargetDelivery(options: TargetDeliveryOptions) {
  const warn = options.warn ?? ((m: string) => console.warn(m));
  const attempts = options.attempts ?? 3;
  const warned = new Set<string>();

  async function deadLetter(delivery: Delivery, code: string, message: string) {
    const dlq = delivery.target.DeadLetterConfig?.Arn;
    if (!dlq) {
      warn(`EventBridge dropped event ${delivery.event.id} for target ${delivery.target.Id} of rule ${delivery.rule.name}: ${code} ${message}`);
      return;
    }
    await options.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrlFromArn(dlq, options.sqsEndpoint),
        MessageBody: delivery.input,
        MessageAttributes: {
          RULE_ARN: { DataType: 'String', StringValue: delivery.rule.arn },
          TARGET_ARN: { DataType: 'String', StringValue: delivery.target.Arn },
          ERROR_CODE: { DataType: 'String', StringValue: code },
          ERROR_MESSAGE: { DataType: 'String', StringValue: message.slice(0, 1024) || code },
        },
      }),
    );
  }

  async function toQueue(queueArn: string, batch: Delivery[]) {
    const url = queueUrlFromArn(queueArn, options.sqsEndpoint);
    const fifo = queueArn.endsWith('.fifo');
    let remaining = batch;
    let lastError = { code: 'SQSError', message: '' };
    for (let attempt = 0; attempt < attempts && remaining.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      try {
        const out = await options.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: remaining.map((d, i) => ({
              Id: String(i),
              MessageBody: d.input,
              ...(fifo ? { MessageGroupId: d.target.SqsParameters?.MessageGroupId, MessageDeduplicationId: d.event.id } : {}),
            })),
          }),
        );
        const failed = new Set((out.Failed ?? []).map((f) => Number(f.Id)));
        const first = out.Failed?.[0];
        if (first) lastError = { code: first.Code ?? 'SQSError', message: first.Message ?? '' };
        remaining = remaining.filter((_, i) => failed.has(i));
      } catch (error) {
        lastError = { code: (error as Error).name, message: (error as Error).message };
      }
    }
    for (const delivery of remaining) await deadLetter(delivery, lastError.code, lastError.message);
  }

  async function toFunction(delivery: Delivery) {
    if (!options.invokeFunctionAsync) throw new Error('no function runtime');
    try {
      await options.invokeFunctionAsync(delivery.target.Arn, JSON.parse(delivery.input));
    } catch (error) {
      await deadLetter(delivery, (error as Error).name, (error as Error).message);
    }
  }

  return async function deliver(deliveries: Delivery[]): Promise<void> {
    const byQueue = new Map<string, Delivery[]>();
    const work: Promise<void>[] = [];
    for (const delivery of deliveries) {
      const service = serviceOf(delivery.target.Arn);
      if (service === 'sqs') {
        const list = byQueue.get(delivery.target.Arn) ?? [];
        list.push(delivery);
        byQueue.set(delivery.target.Arn, list);
      } else if (service === 'lambda') {
        work.push(toFunction(delivery));
      } else if (!warned.has(delivery.target.Arn)) {
        warned.add(delivery.target.Arn);
        warn(`EventBridge target ${delivery.target.Arn} (${service}) is not run locally; its events are dropped`);
      }
    }
    for (const [arn, list] of byQueue) {
      for (let i = 0; i < list.length; i += 10) work.push(toQueue(arn, list.slice(i, i + 10)));
    }
    await Promise.all(work);
  };
}
