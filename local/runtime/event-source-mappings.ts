// Lambda event source mappings as the template declares them. SQS sources are run locally; others
// (DynamoDB or Kinesis streams, Kafka) are reported as not run.
import type { FunctionDefinition } from './functions';
import type { LocalResources } from './local-resources';
import type { QueueDefinition } from './queues';
import { resourcesOfType, type CfnTemplate } from './template';

export type SqsEventSourceMapping = {
  logicalId: string;
  functionLogicalId: string;
  queue: QueueDefinition;
  batchSize: number;
  batchingWindowSeconds: number;
  reportBatchItemFailures: boolean;
  enabled: boolean;
  /** ScalingConfig.MaximumConcurrency: most invocations this mapping runs at once. */
  maximumConcurrency?: number;
  /** FilterCriteria patterns (EventBridge syntax); none means every message. */
  filterPatterns: unknown[];
};

export type EventSourceMappings = { sqs: SqsEventSourceMapping[]; notRun: { logicalId: string; reason: string }[] };

export function eventSourceMappings(
  template: CfnTemplate,
  resources: LocalResources,
  functions: FunctionDefinition[],
  queues: QueueDefinition[],
): EventSourceMappings {
  const out: EventSourceMappings = { sqs: [], notRun: [] };
  for (const { logicalId, resource } of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
    const p = resources.resolve<Record<string, unknown>>(resource.Properties ?? {});
    const functionName = String(p.FunctionName ?? '');
    // FunctionName may be a name, an ARN, or a partial ARN.
    const fn = functions.find((f) => f.name === functionName || f.arn === functionName || functionName.endsWith(`:function:${f.name}`));
    const sourceArn = String(p.EventSourceArn ?? '');
    const queue = queues.find((q) => q.arn === sourceArn);
    if (!fn) {
      out.notRun.push({ logicalId, reason: `function ${functionName} is not in the template` });
      continue;
    }
    if (!queue) {
      out.notRun.push({ logicalId, reason: `source ${sourceArn || '(none)'} is not an SQS queue of this stack` });
      continue;
    }
    const filters = ((p.FilterCriteria as { Filters?: { Pattern?: string }[] } | undefined)?.Filters ?? []).map((f) => JSON.parse(f.Pattern ?? '{}'));
    const scaling = p.ScalingConfig as { MaximumConcurrency?: number } | undefined;
    out.sqs.push({
      logicalId,
      functionLogicalId: fn.logicalId,
      queue,
      batchSize: Number(p.BatchSize ?? 10),
      batchingWindowSeconds: Number(p.MaximumBatchingWindowInSeconds ?? 0),
      reportBatchItemFailures: ((p.FunctionResponseTypes as string[] | undefined) ?? []).includes('ReportBatchItemFailures'),
      enabled: p.Enabled !== false && p.Enabled !== 'false',
      maximumConcurrency: scaling?.MaximumConcurrency === undefined ? undefined : Number(scaling.MaximumConcurrency),
      filterPatterns: filters,
    });
  }
  return out;
}
