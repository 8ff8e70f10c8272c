// Lambda event source mappings as the template declares them. SQS queues and DynamoDB streams are run
// locally; other sources (Kinesis, Kafka, MQ) are reported as not run.
import type { FunctionDefinition } from './functions';
import type { LocalResources } from './local-resources';
import type { MqEventSourceMapping } from './mq-poller';
import type { QueueDefinition } from './queues';
import type { TableDefinition } from './tables';
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

export type StreamEventSourceMapping = {
  logicalId: string;
  functionLogicalId: string;
  tableLogicalId: string;
  streamArn: string;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  batchSize: number;
  batchingWindowSeconds: number;
  reportBatchItemFailures: boolean;
  enabled: boolean;
  /** Retries of a failing batch before it is discarded; -1: until the records expire (forever, locally). */
  maximumRetryAttempts: number;
  /** Records older than this are discarded instead of retried; -1: no limit. */
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  /** Concurrent batches per shard (1 to 10). */
  parallelizationFactor: number;
  /** The table's partition key: stream order holds per value of it. */
  partitionKey: string;
  /** Where a discarded batch is described (an SQS queue ARN), if anywhere. */
  onFailureDestination?: string;
  filterPatterns: unknown[];
};

export type EventSourceMappings = {
  sqs: SqsEventSourceMapping[];
  streams: StreamEventSourceMapping[];
  /** Amazon MQ (ActiveMQ) brokers: run against the local ActiveMQ. */
  mq: MqEventSourceMapping[];
  notRun: { logicalId: string; reason: string }[];
};

export function eventSourceMappings(
  template: CfnTemplate,
  resources: LocalResources,
  functions: FunctionDefinition[],
  queues: QueueDefinition[],
  tables: TableDefinition[] = [],
): EventSourceMappings {
  const out: EventSourceMappings = { sqs: [], streams: [], mq: [], notRun: [] };
  for (const { logicalId, resource } of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
    const p = resources.resolve<Record<string, unknown>>(resource.Properties ?? {});
    const functionName = String(p.FunctionName ?? '');
    // FunctionName may be a name, an ARN, or a partial ARN.
    const fn = functions.find((f) => f.name === functionName || f.arn === functionName || functionName.endsWith(`:function:${f.name}`));
    const sourceArn = String(p.EventSourceArn ?? '');
    const queue = queues.find((q) => q.arn === sourceArn);
    const table = tables.find((t) => resources.getAtt(t.logicalId, 'StreamArn') === sourceArn);
    if (!fn) {
      out.notRun.push({ logicalId, reason: `function ${functionName} is not in the template` });
      continue;
    }
    const filterPatterns = ((p.FilterCriteria as { Filters?: { Pattern?: string }[] } | undefined)?.Filters ?? []).map((f) => JSON.parse(f.Pattern ?? '{}'));
    const reportBatchItemFailures = ((p.FunctionResponseTypes as string[] | undefined) ?? []).includes('ReportBatchItemFailures');
    const enabled = p.Enabled !== false && p.Enabled !== 'false';
    if (table && table.input.StreamSpecification?.StreamEnabled) {
      const destination = (p.DestinationConfig as { OnFailure?: { Destination?: string } } | undefined)?.OnFailure?.Destination;
      out.streams.push({
        logicalId,
        functionLogicalId: fn.logicalId,
        tableLogicalId: table.logicalId,
        streamArn: sourceArn,
        startingPosition: p.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
        batchSize: Number(p.BatchSize ?? 100),
        batchingWindowSeconds: Number(p.MaximumBatchingWindowInSeconds ?? 0),
        reportBatchItemFailures,
        enabled,
        maximumRetryAttempts: Number(p.MaximumRetryAttempts ?? -1),
        maximumRecordAgeSeconds: Number(p.MaximumRecordAgeInSeconds ?? -1),
        bisectBatchOnFunctionError: p.BisectBatchOnFunctionError === true || p.BisectBatchOnFunctionError === 'true',
        parallelizationFactor: Number(p.ParallelizationFactor ?? 1),
        partitionKey: table.input.KeySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName ?? '',
        onFailureDestination: destination,
        filterPatterns,
      });
      continue;
    }
    if (/^arn:[^:]+:mq:/.test(sourceArn) && Array.isArray(p.Queues)) {
      const auth = (p.SourceAccessConfigurations as { Type?: string; URI?: string }[] | undefined)?.find((c) => c.Type === 'BASIC_AUTH');
      out.mq.push({
        logicalId,
        functionLogicalId: fn.logicalId,
        brokerArn: sourceArn,
        queues: (p.Queues as unknown[]).map(String),
        batchSize: Number(p.BatchSize ?? 100),
        // Lambda's default window for Amazon MQ is 500 ms.
        batchingWindowSeconds: Number(p.MaximumBatchingWindowInSeconds ?? 0.5),
        enabled,
        credentialsSecretArn: auth?.URI,
      });
      continue;
    }
    if (!queue) {
      out.notRun.push({ logicalId, reason: `source ${sourceArn || '(none)'} is neither an SQS queue nor a DynamoDB stream of this stack` });
      continue;
    }
    const scaling = p.ScalingConfig as { MaximumConcurrency?: number } | undefined;
    out.sqs.push({
      logicalId,
      functionLogicalId: fn.logicalId,
      queue,
      batchSize: Number(p.BatchSize ?? 10),
      batchingWindowSeconds: Number(p.MaximumBatchingWindowInSeconds ?? 0),
      reportBatchItemFailures,
      enabled,
      maximumConcurrency: scaling?.MaximumConcurrency === undefined ? undefined : Number(scaling.MaximumConcurrency),
      filterPatterns,
    });
  }
  return out;
}
