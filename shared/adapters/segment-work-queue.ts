// The recalibration work queue: scan segments, the finalize step, mover ranges and manager departures
// travel as SQS messages, so each piece of work gets a whole Lambda invocation and continues in the
// next one when its time runs short.
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WorkMessage } from '../segmentation/recalibration-messages';

export type WorkQueue = { send: (messages: WorkMessage[]) => Promise<void> };

export class SqsWorkQueue implements WorkQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    readonly requests: { count: number } = { count: 0 },
  ) {}

  async send(messages: WorkMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      this.requests.count += 1;
      const out = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })),
        }),
      );
      if (out.Failed?.length) throw new Error(`SQS refused ${out.Failed.length} work message(s): ${out.Failed.map((f) => f.Code).join(', ')}`);
    }
  }
}
