// One range of a load, in windows of lines: parse each line, write its record changes through the same
// writer as ingestion (insert-once, newer-wins, so order, repeats and live events do not matter) with a
// bounded number in flight, store the window's rejected lines in a report part, then move the
// checkpoint. Near the invocation's end the range is queued again and continues from the checkpoint.
import type { CustomerRecordsWriter } from '../../adapters/customer-records-writer';
import type { CoreBankingEvent } from '../../contracts/events';
import { recordChangesFor } from '../../domain/record-changes';
import type { ExportFiles } from '../adapters/export-files';
import type { LoadQueue } from '../adapters/load-work-queue';
import type { LoadStore } from '../adapters/load-store';
import type { LoadRangeWork } from '../domain/load-messages';
import { mapBounded } from './bounded';
import { finishLoading, reportPartKey, type RejectedLinePart } from './finish-loading';
import { readRange, type ReadItem } from './range-reader';

export type LoadRangeDeps = {
  files: ExportFiles;
  store: LoadStore;
  queue: LoadQueue;
  writer: CustomerRecordsWriter;
  eventSource: string;
  now: () => Date;
  /** Milliseconds left in this invocation. */
  remainingMs: () => number;
  /** Stop starting new windows with less than this left (default 30 s). */
  safetyMarginMs?: number;
  /** Lines per window (default 1,000) and events written at once within a worker (default 32). */
  windowLines?: number;
  eventsInFlight?: number;
  /** Seconds the assessment waits after the flag is lowered (longer than the flag's cache). */
  assessDelaySeconds: number;
};

export type RangeOutcome = { kind: 'done' | 'continued' | 'unknown'; lines: number; rejected: number; applied: number };

export async function loadRange(deps: LoadRangeDeps, m: LoadRangeWork): Promise<RangeOutcome> {
  const [load, range] = await Promise.all([deps.store.load(m.loadId), deps.store.range(m.loadId, m.range)]);
  if (!load || !range) return { kind: 'unknown', lines: 0, rejected: 0, applied: 0 };
  let applied = 0;
  const finish = async () => {
    if (await deps.store.completeRange(m.loadId, m.range, load.rangesTotal)) await finishLoading(deps, (await deps.store.load(m.loadId))!);
  };
  if (range.done) {
    await finish();
    return { kind: 'done', lines: range.lines, rejected: range.rejected, applied };
  }

  const file = load.files[range.file]!;
  const windowLines = deps.windowLines ?? 1000;
  let lines = range.lines;
  let rejected = range.rejected;
  let window: ReadItem[] = [];

  const flush = async () => {
    if (window.length === 0) return;
    const events: CoreBankingEvent[] = [];
    const rejections: RejectedLinePart[] = [];
    for (const item of window) {
      if (item.parsed === 'blank') continue;
      if (item.parsed.ok) events.push(item.parsed.event);
      else rejections.push({ file: range.file, range: range.index, line: item.reportLine, reason: item.parsed.reason });
    }
    const outcomes = await mapBounded(events, deps.eventsInFlight ?? 32, (e) => deps.writer.apply(recordChangesFor(e)));
    applied += outcomes.filter((o) => o.includes('applied')).length;
    // The part is named by the window's first line: a repeated window writes the same part again.
    if (rejections.length) await deps.files.put(reportPartKey(m.loadId, range.index, window[0]!.line), rejections.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const last = window[window.length - 1]!;
    lines = last.line;
    rejected += rejections.length;
    await deps.store.checkpoint(m.loadId, range.index, { lines, rejected, bytesDone: last.bytesRead, ...(last.next !== undefined ? { offset: last.next } : {}) });
    window = [];
  };

  const timeLeft = () => deps.remainingMs() > (deps.safetyMarginMs ?? 30_000);
  let stopped = false;
  for await (const item of readRange(deps.files, file, range, deps.eventSource)) {
    window.push(item);
    if (window.length >= windowLines) {
      await flush();
      if (!timeLeft()) {
        stopped = true;
        break; // leaving the loop closes the download
      }
    }
  }
  if (stopped) {
    await deps.queue.send([m]);
    return { kind: 'continued', lines, rejected, applied };
  }
  await flush();
  await finish();
  return { kind: 'done', lines, rejected, applied };
}
