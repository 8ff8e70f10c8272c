// One range of a load: each line parsed once and its record changes written through the same writer as
// ingestion (insert-once, newer-wins, so order, repeats and live events do not matter), with a sliding
// pool of `eventsInFlight` events in flight: reading and parsing go on while writes are out, and a slow
// write holds up one slot, not a whole window. The lines are counted in windows of `windowLines`; a
// window is checkpointed (its rejected lines in a report part, then the range's checkpoint) once every
// write of it and of the windows before it has completed, behind the pool rather than in front of it.
// Near the invocation's end the range is queued again and continues from the checkpoint.
import { NewItemsFirst, type CustomerRecordsWriter } from '../../adapters/customer-records-writer';
import type { CoreBankingEvent } from '../../contracts/events';
import { recordChangesFor } from '../../domain/record-changes';
import type { ExportFiles } from '../adapters/export-files';
import type { LoadQueue } from '../adapters/load-work-queue';
import type { LoadStore } from '../adapters/load-store';
import type { LoadRangeWork } from '../domain/load-messages';
import { failLoad, finishLoading, reportPartKey, type RejectedLinePart } from './finish-loading';
import { readRange, type ReadItem } from './range-reader';
import { permanentReadFailure } from './read-failures';

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
  /** Lines per checkpoint (default 1,000) and events written at once within a worker (default 32). */
  windowLines?: number;
  eventsInFlight?: number;
  /** Seconds the assessment waits after the flag is lowered (longer than the flag's cache). */
  assessDelaySeconds: number;
};

export type RangeOutcome = { kind: 'done' | 'continued' | 'unknown' | 'failed'; lines: number; rejected: number; applied: number };

type Window = { writes: Promise<void>[]; rejections: RejectedLinePart[]; first?: ReadItem; last?: ReadItem };
const newWindow = (): Window => ({ writes: [], rejections: [] });

export async function loadRange(deps: LoadRangeDeps, m: LoadRangeWork): Promise<RangeOutcome> {
  const [load, range] = await Promise.all([deps.store.load(m.loadId), deps.store.range(m.loadId, m.range)]);
  if (!load || !range) return { kind: 'unknown', lines: 0, rejected: 0, applied: 0 };
  if (load.state === 'FAILED') return { kind: 'failed', lines: range.lines, rejected: range.rejected, applied: 0 };
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
  const limit = deps.eventsInFlight ?? 32;
  let lines = range.lines;
  let rejected = range.rejected;
  const inFlight = new Set<Promise<void>>();
  // Woken by the write that frees a slot (a Promise.race over the pool would add a reaction to every
  // write in flight for each event: eventsInFlight² reactions an event, CPU the worker shares with the writes).
  let slotFreed: (() => void) | undefined;
  let writeError: unknown; // the first write (or checkpoint) that failed: the invocation throws it, SQS retries
  let loadFailed = false; // this worker or another failed the load: stop, nothing to retry
  let window = newWindow();
  let checkpoints: Promise<void> = Promise.resolve();
  let windowsBehind = 0;
  // A load mostly creates items: newer-wins changes are tried as inserts first (same result, 1 write unit).
  const newItemsFirst = new NewItemsFirst();

  const checkpoint = async (w: Window) => {
    await Promise.all(w.writes);
    if (writeError !== undefined || loadFailed) return;
    const last = w.last!;
    // The part is named by the window's first line: a repeated window writes the same part again.
    if (w.rejections.length) await deps.files.put(reportPartKey(m.loadId, range.index, w.first!.line), w.rejections.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const moved = await deps.store.checkpoint(m.loadId, range.index, {
      lines: last.line,
      rejected: rejected + w.rejections.length,
      bytesDone: last.bytesRead,
      ...(last.next !== undefined ? { offset: last.next } : {}),
    });
    lines = last.line;
    rejected += w.rejections.length;
    if (moved && w.rejections.length) {
      const { total, limit: most } = await deps.store.addRejected(m.loadId, w.rejections.length);
      if (total > most) {
        await failLoad(deps, m.loadId, `too many rejected lines: ${total} over the load's limit of ${most} (maxRejectedLines); the report lists them`);
        loadFailed = true;
        return;
      }
    }
    // Another range may have failed the load: one small read a window, then this one stops too.
    if ((await deps.store.state(m.loadId)) === 'FAILED') loadFailed = true;
  };
  const closeWindow = () => {
    const w = window;
    window = newWindow();
    if (!w.last) return;
    windowsBehind += 1;
    checkpoints = checkpoints
      .then(() => checkpoint(w))
      .catch((error) => void (writeError ??= error))
      .finally(() => (windowsBehind -= 1));
  };
  const write = (event: CoreBankingEvent) => {
    const p: Promise<void> = deps.writer
      .apply(recordChangesFor(event), newItemsFirst)
      .then((outcomes) => void (outcomes.includes('applied') && (applied += 1)))
      .catch((error) => void (writeError ??= error))
      .finally(() => {
        inFlight.delete(p);
        const wake = slotFreed;
        slotFreed = undefined;
        wake?.();
      });
    inFlight.add(p);
    window.writes.push(p);
  };

  const timeLeft = () => deps.remainingMs() > (deps.safetyMarginMs ?? 30_000);
  let outOfTime = false;
  let readFailure: string | undefined;
  try {
    for await (const item of readRange(deps.files, file, range, deps.eventSource)) {
      window.first ??= item;
      window.last = item;
      if (item.parsed !== 'blank') {
        if (item.parsed.ok) {
          while (inFlight.size >= limit) await new Promise<void>((resolve) => (slotFreed = resolve));
          write(item.parsed.event);
        } else window.rejections.push({ file: range.file, range: range.index, line: item.reportLine, reason: item.parsed.reason });
      }
      if (writeError !== undefined || loadFailed) break;
      if (item.line - (window.first.line - 1) >= windowLines) {
        const previous = checkpoints;
        closeWindow();
        // Checkpoints may lag the pool by one window, not more (memory stays bounded); waiting for the
        // previous window's, not this one's, keeps this window's writes going meanwhile.
        if (windowsBehind > 1) await previous;
        if (writeError !== undefined || loadFailed) break;
        if (!timeLeft()) {
          outOfTime = true;
          break; // leaving the loop closes the download
        }
      }
    }
  } catch (error) {
    readFailure = permanentReadFailure(error, `files.${range.file}`);
    if (readFailure === undefined) writeError ??= error;
  }
  if (!outOfTime && writeError === undefined && !loadFailed) closeWindow();
  await Promise.all(inFlight);
  await checkpoints;
  if (writeError !== undefined) throw writeError;
  if (readFailure !== undefined) {
    // The export itself cannot be read (gone, not readable, not gzip): no retry would change that.
    await failLoad(deps, m.loadId, `${readFailure} (range ${range.index}, after line ${lines})`);
    loadFailed = true;
  }
  if (loadFailed) return { kind: 'failed', lines, rejected, applied };
  if (outOfTime) {
    await deps.queue.send([m]);
    return { kind: 'continued', lines, rejected, applied };
  }
  await finish();
  return { kind: 'done', lines, rejected, applied };
}
