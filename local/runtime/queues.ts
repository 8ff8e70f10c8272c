// SQS queues as the template declares them, created in the local SQS with their attributes and
// redrive policies, dead-letter queues first (a redrive policy must name an existing queue).
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LocalResources } from './local-resources';
import { resourcesOfType, type CfnTemplate } from './template';

export type QueueDefinition = {
  logicalId: string;
  name: string;
  arn: string;
  url: string;
  attributes: Record<string, string>;
  /** Logical id of the dead-letter queue its redrive policy names. */
  deadLetterQueue?: string;
  maxReceiveCount?: number;
};

// Copied as they are; KMS settings are left out: there is no KMS locally.
const PLAIN_ATTRIBUTES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
];

export type QueueOptions = {
  /** Overrides every queue's VisibilityTimeout: tests use it to see retries in seconds, not minutes. */
  visibilityTimeoutSeconds?: number;
};

export function queueDefinitions(template: CfnTemplate, resources: LocalResources, options: QueueOptions = {}): QueueDefinition[] {
  const queues = resourcesOfType(template, 'AWS::SQS::Queue');
  const logicalIdByArn = new Map(queues.map(({ logicalId }) => [resources.getAtt(logicalId, 'Arn') as string, logicalId]));
  const definitions = queues.map(({ logicalId, resource }): QueueDefinition => {
    const p = resources.resolve<Record<string, unknown>>(resource.Properties ?? {});
    const attributes: Record<string, string> = {};
    for (const key of PLAIN_ATTRIBUTES) if (p[key] !== undefined) attributes[key] = String(p[key]);
    if (options.visibilityTimeoutSeconds !== undefined) attributes.VisibilityTimeout = String(options.visibilityTimeoutSeconds);
    let deadLetterQueue: string | undefined;
    let maxReceiveCount: number | undefined;
    if (p.RedrivePolicy !== undefined) {
      const policy = (typeof p.RedrivePolicy === 'string' ? JSON.parse(p.RedrivePolicy) : p.RedrivePolicy) as {
        deadLetterTargetArn: string;
        maxReceiveCount: number | string;
      };
      deadLetterQueue = logicalIdByArn.get(policy.deadLetterTargetArn);
      maxReceiveCount = Number(policy.maxReceiveCount);
      attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount });
    }
    if (p.RedriveAllowPolicy !== undefined) {
      attributes.RedriveAllowPolicy = typeof p.RedriveAllowPolicy === 'string' ? p.RedriveAllowPolicy : JSON.stringify(p.RedriveAllowPolicy);
    }
    return {
      logicalId,
      name: resources.physicalName(logicalId),
      arn: resources.getAtt(logicalId, 'Arn') as string,
      url: resources.queueUrl(logicalId),
      attributes,
      deadLetterQueue,
      maxReceiveCount,
    };
  });
  return inCreationOrder(definitions);
}

/** Dead-letter queues before the queues that redrive to them. */
function inCreationOrder(queues: QueueDefinition[]): QueueDefinition[] {
  const byId = new Map(queues.map((q) => [q.logicalId, q]));
  const ordered: QueueDefinition[] = [];
  const placed = new Set<string>();
  const place = (q: QueueDefinition, path: string[]) => {
    if (placed.has(q.logicalId)) return;
    if (path.includes(q.logicalId)) throw new Error(`Redrive policies form a cycle: ${[...path, q.logicalId].join(' → ')}`);
    const dlq = q.deadLetterQueue ? byId.get(q.deadLetterQueue) : undefined;
    if (dlq) place(dlq, [...path, q.logicalId]);
    placed.add(q.logicalId);
    ordered.push(q);
  };
  for (const q of queues) place(q, []);
  return ordered;
}

export async function createQueue(client: SQSClient, queue: QueueDefinition): Promise<string> {
  const out = await client.send(new CreateQueueCommand({ QueueName: queue.name, Attributes: queue.attributes }));
  if (out.QueueUrl !== queue.url) throw new Error(`Local SQS named queue ${queue.name} ${out.QueueUrl}, expected ${queue.url}`);
  return out.QueueUrl;
}
