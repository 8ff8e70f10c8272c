// After the last range: one report of rejected lines (each with its line number in its file), the
// load-in-progress flag lowered, and the assessment queued — delayed past the flag's cache, so every
// live event from then on is re-evaluated by the stream and every earlier one is seen by the assessment.
import type { ExportFiles } from '../adapters/export-files';
import type { LoadQueue } from '../adapters/load-work-queue';
import type { LoadStore } from '../adapters/load-store';
import type { StoredLoad } from '../domain/load-progress';

/** What a worker stores of a rejected line: its line number within the range, never the line's content. */
export type RejectedLinePart = { file: number; range: number; line: number; reason: string };
/** One line of the report. */
export type RejectedLine = { file: string; line: number; reason: string };

export const reportPrefix = (loadId: string) => `reports/${loadId}/`;
export const reportPartKey = (loadId: string, range: number, firstLine: number) =>
  `${reportPrefix(loadId)}parts/${String(range).padStart(6, '0')}-${String(firstLine).padStart(12, '0')}.jsonl`;
export const reportKey = (loadId: string) => `${reportPrefix(loadId)}rejected-lines.jsonl`;

export type FinishDeps = { files: ExportFiles; store: LoadStore; queue: LoadQueue; now: () => Date; assessDelaySeconds: number };

export async function finishLoading(deps: FinishDeps, load: StoredLoad): Promise<void> {
  if (load.state !== 'LOADING') return;
  const key = await writeReport(deps, load);
  await deps.store.setActive(load.loadId, false);
  await deps.queue.send(
    Array.from({ length: load.assessSegments }, (_, segment) => ({ kind: 'ASSESS', loadId: load.loadId, segment, totalSegments: load.assessSegments }) as const),
    deps.assessDelaySeconds,
  );
  await deps.store.startAssessing(load.loadId, deps.now().toISOString(), key, load.assessSegments);
}

/**
 * A load that cannot go on: FAILED with the reason (naming the file, range or limit, never a value),
 * the report of the lines rejected so far written, the flag lowered so the stream re-evaluates again.
 * The customers loaded so far are not assessed until the load is resumed and completes.
 */
export async function failLoad(deps: FinishDeps, loadId: string, reason: string): Promise<boolean> {
  if (!(await deps.store.fail(loadId, reason, deps.now().toISOString()))) return false;
  const load = (await deps.store.load(loadId))!;
  await deps.store.setReport(loadId, await writeReport(deps, load));
  await deps.store.setActive(loadId, false);
  return true;
}

/** Merges the parts in file order; a line number within a range becomes one within its file. */
async function writeReport(deps: FinishDeps, load: StoredLoad): Promise<string> {
  const ranges = (await deps.store.ranges(load.loadId)).sort((a, b) => a.index - b.index);
  const linesBefore = new Map<number, number>();
  const seen = new Map<number, number>();
  for (const r of ranges) {
    linesBefore.set(r.index, seen.get(r.file) ?? 0);
    seen.set(r.file, (seen.get(r.file) ?? 0) + r.lines);
  }
  const partKeys = (await deps.files.list(`${reportPrefix(load.loadId)}parts/`)).sort();
  const lines: string[] = [];
  for (const k of partKeys) {
    const text = (await deps.files.text(k)) ?? '';
    for (const row of text.split('\n')) {
      if (!row) continue;
      const part = JSON.parse(row) as RejectedLinePart;
      const line: RejectedLine = { file: load.files[part.file]!.key, line: (linesBefore.get(part.range) ?? 0) + part.line, reason: part.reason };
      lines.push(JSON.stringify(line));
    }
  }
  const key = reportKey(load.loadId);
  await deps.files.put(key, lines.length ? lines.join('\n') + '\n' : '');
  return key;
}
