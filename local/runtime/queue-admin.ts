// Looking at queues and moving messages back: depths for the summary and for "has it drained", and
// redrive from a dead-letter queue with SQS's own StartMessageMoveTask (local-aws-sqs implements it).
import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueDefinition } from './queues';

export type QueueDepth = { visible: number; inFlight: number; delayed: number };

export async function queueDepth(sqs: SQSClient, url: string): Promise<QueueDepth> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  const n = (name: 'ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible' | 'ApproximateNumberOfMessagesDelayed') =>
    Number(out.Attributes?.[name] ?? 0);
  return { visible: n('ApproximateNumberOfMessages'), inFlight: n('ApproximateNumberOfMessagesNotVisible'), delayed: n('ApproximateNumberOfMessagesDelayed') };
}

export type RedriveResult = { moved: number; status: string; failureReason?: string };

/**
 * Moves a dead-letter queue's messages back: to `destination` if given, otherwise each to the queue
 * it was dead-lettered from (a message a function sent to the DLQ itself has no such source, so name
 * the destination for those). Resolves when the move task has finished.
 */
export async function redrive(sqs: SQSClient, dlq: QueueDefinition, destination?: QueueDefinition, timeoutMs = 60_000): Promise<RedriveResult> {
  const started = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, DestinationArn: destination?.arn }));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tasks = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlq.arn, MaxResults: 10 }));
    // A finished task loses its handle: it is then the newest task of this source.
    const newest = [...(tasks.Results ?? [])].sort((a, b) => Number(b.StartedTimestamp ?? 0) - Number(a.StartedTimestamp ?? 0))[0];
    const task = tasks.Results?.find((t) => t.TaskHandle === started.TaskHandle) ?? newest;
    if (task && task.Status !== 'RUNNING') {
      return { moved: Number(task.ApproximateNumberOfMessagesMoved ?? 0), status: task.Status ?? 'UNKNOWN', failureReason: task.FailureReason };
    }
    if (Date.now() > deadline) throw new Error(`Redrive of ${dlq.name} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
