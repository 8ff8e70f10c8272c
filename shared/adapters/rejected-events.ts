// Where an event that can never be processed goes: the consumer's dead-letter queue, with the reason
// as a message attribute, so an operator can read why, fix the producer or the code, and redrive it.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export type Rejection = { body: string; reason: string; messageId: string };

export class RejectedEventsQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly rejectedBy: string,
  ) {}

  async reject({ body, reason, messageId }: Rejection): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        MessageAttributes: {
          // SQS caps an attribute at the message size; 1 KB of reason names every field that failed.
          rejectionReason: { DataType: 'String', StringValue: reason.slice(0, 1024) },
          rejectedBy: { DataType: 'String', StringValue: this.rejectedBy },
          originalMessageId: { DataType: 'String', StringValue: messageId },
        },
      }),
    );
  }
}
