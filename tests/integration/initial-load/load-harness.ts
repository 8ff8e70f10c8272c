// Runs loads in-process against DynamoDB Local: the work queue is a list, drained by a few parallel
// workers the way the SQS event source would invoke the worker, with a time budget per invocation.
import { CustomerRecordsWriter } from '../../../shared/adapters/customer-records-writer';
import type { CoreBankingEvent } from '../../../shared/contracts/events';
import { CORE_BANKING_SOURCE } from '../../../shared/contracts/events';
import { recordChangesFor } from '../../../shared/domain/record-changes';
import type { ExportFiles } from '../../../shared/initial-load/adapters/export-files';
import { LoadStore } from '../../../shared/initial-load/adapters/load-store';
import type { LoadQueue } from '../../../shared/initial-load/adapters/load-work-queue';
import type { LoadWork } from '../../../shared/initial-load/domain/load-messages';
import { loadRange, type LoadRangeDeps } from '../../../shared/initial-load/use-cases/load-range';
import { startLoad } from '../../../shared/initial-load/use-cases/start-load';
import { dynamoDb } from '../../support/local-aws';

export class MemoryLoadQueue implements LoadQueue {
  readonly messages: LoadWork[] = [];
  async send(messages: LoadWork[]) {
    this.messages.push(...messages);
  }
  take(kind: LoadWork['kind']): LoadWork | undefined {
    const i = this.messages.findIndex((m) => m.kind === kind);
    return i < 0 ? undefined : this.messages.splice(i, 1)[0];
  }
}

export function loadHarness(tableName: string, files: ExportFiles, options: { rangeBytes?: number; windowLines?: number; maxRejectedLines?: number } = {}) {
  const client = dynamoDb();
  const store = new LoadStore(client, tableName);
  const queue = new MemoryLoadQueue();
  const rangeDeps = (remainingMs: () => number): LoadRangeDeps => ({
    files,
    store,
    queue,
    writer: new CustomerRecordsWriter(client, tableName),
    eventSource: CORE_BANKING_SOURCE,
    now: () => new Date(),
    remainingMs,
    safetyMarginMs: 0,
    windowLines: options.windowLines ?? 50,
    eventsInFlight: 8,
    assessDelaySeconds: 0,
  });
  return {
    store,
    queue,
    start: (manifestKey: string, loadId: string) =>
      startLoad({ files, store, queue, now: () => new Date(), rangeBytes: options.rangeBytes ?? 48 * 1024, assessSegments: 2, maxRejectedLines: options.maxRejectedLines ?? 1000 }, { manifestKey, loadId }),
    /**
     * Works RANGE messages with `workers` in parallel until none is left; each invocation may run
     * `windowsPerInvocation` windows before its time is up and it continues in a new message.
     * `between` runs after every invocation (live events written while the load runs).
     */
    async drain({ workers = 3, windowsPerInvocation = Infinity, between }: { workers?: number; windowsPerInvocation?: number; between?: () => Promise<void> } = {}) {
      let invocations = 0;
      const worker = async () => {
        for (let m = queue.take('RANGE'); m; m = queue.take('RANGE')) {
          let windows = 0;
          invocations += 1;
          await loadRange(rangeDeps(() => (++windows >= windowsPerInvocation ? 0 : 60_000)), m as Extract<LoadWork, { kind: 'RANGE' }>);
          await between?.();
        }
      };
      await Promise.all(Array.from({ length: workers }, worker));
      return invocations;
    },
    rangeDeps,
  };
}

export async function applyInOrder(tableName: string, events: readonly CoreBankingEvent[]) {
  const writer = new CustomerRecordsWriter(dynamoDb(), tableName);
  for (const e of events) await writer.apply(recordChangesFor(e));
}

export const exportLine = (e: CoreBankingEvent) => JSON.stringify({ Source: CORE_BANKING_SOURCE, DetailType: e.detailType, Detail: e.detail });
