// A load's progress as GET /admin/loads/{id} shows it, from the load's items. Pure: the clock is passed.
import type { LoadFile } from './manifest';

export const LOAD_STATES = ['LOADING', 'ASSESSING', 'COMPLETED', 'FAILED'] as const;
export type LoadState = (typeof LOAD_STATES)[number];

export type StoredLoad = {
  loadId: string;
  manifestKey: string;
  state: LoadState;
  files: Array<LoadFile & { size: number }>;
  rangesTotal: number;
  rangesDone: number;
  assessSegments: number;
  assessDone: number;
  startedAt: string;
  loadedAt?: string;
  completedAt?: string;
  recalibrationRunId?: string;
  reportKey?: string;
  /** Most rejected lines before the load fails (the manifest's `maxRejectedLines`, or the stage's). */
  maxRejectedLines: number;
  /** Rejected lines counted so far over all ranges (against the limit). */
  rejectedLines: number;
  /** Why the load failed, naming fields or files, never values; the state it failed in, to resume it there. */
  failure?: LoadFailure;
};

export type LoadFailure = { reason: string; at: string; during: 'LOADING' | 'ASSESSING' };

export type StoredRange = {
  index: number;
  file: number;
  start: number;
  end: number;
  /** Checkpoint: where the next unread line starts (split JSONL), and lines (or CSV records) read. */
  offset?: number;
  lines: number;
  rejected: number;
  /** Bytes of the range behind the checkpoint (for a compressed or CSV file: of the file read so far, estimated). */
  bytesDone: number;
  done: boolean;
};

export type LoadProgress = {
  loadId: string;
  state: LoadState;
  manifestKey: string;
  startedAt: string;
  loadedAt: string | null;
  completedAt: string | null;
  files: { total: number; done: number };
  ranges: { total: number; done: number };
  lines: { done: number; rejected: number };
  bytes: { total: number; done: number };
  linesPerSecond: number;
  estimatedSecondsLeft: number | null;
  recalibrationRunId: string | null;
  rejectedLinesReport: string | null;
  failure: { reason: string; at: string } | null;
};

export function loadProgress(load: StoredLoad, ranges: readonly StoredRange[], now: Date): LoadProgress {
  const lines = ranges.reduce((n, r) => n + r.lines, 0);
  const rejected = ranges.reduce((n, r) => n + r.rejected, 0);
  const bytesTotal = load.files.reduce((n, f) => n + f.size, 0);
  const bytesDone = ranges.reduce((n, r) => n + (r.done ? r.end - r.start : Math.min(r.bytesDone, r.end - r.start)), 0);
  const filesDone = load.files.filter((_, i) => ranges.filter((r) => r.file === i).every((r) => r.done)).length;
  const until = load.loadedAt ? new Date(load.loadedAt) : now;
  const seconds = Math.max((until.getTime() - new Date(load.startedAt).getTime()) / 1000, 0.001);
  const bytesPerSecond = bytesDone / seconds;
  const loading = load.state === 'LOADING';
  return {
    loadId: load.loadId,
    state: load.state,
    manifestKey: load.manifestKey,
    startedAt: load.startedAt,
    loadedAt: load.loadedAt ?? null,
    completedAt: load.completedAt ?? null,
    files: { total: load.files.length, done: filesDone },
    ranges: { total: load.rangesTotal, done: load.rangesDone },
    lines: { done: lines, rejected },
    bytes: { total: bytesTotal, done: bytesDone },
    linesPerSecond: Math.round(lines / seconds),
    // Bytes, not lines, say what is left: the line count of a file is not known before it is read.
    estimatedSecondsLeft: !loading ? 0 : bytesPerSecond > 0 ? Math.ceil((bytesTotal - bytesDone) / bytesPerSecond) : null,
    recalibrationRunId: load.recalibrationRunId ?? null,
    rejectedLinesReport: load.reportKey ?? null,
    failure: load.failure ? { reason: load.failure.reason, at: load.failure.at } : null,
  };
}
