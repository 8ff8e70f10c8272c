// The load work queue: ranges and assessment segments travel as SQS messages, at most ten a request.
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LoadWork } from '../domain/load-messages';

export type LoadQueue = { send: (messages: LoadWork[], delaySeconds?: number) => Promise<void> };

export class SqsLoadQueue implements LoadQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: LoadWork[], delaySeconds?: number): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      const out = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m), ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}) })),
        }),
      );
      if (out.Failed?.length) throw new Error(`SQS refused ${out.Failed.length} load message(s): ${out.Failed.map((f) => f.Code).join(', ')}`);
    }
  }
}
