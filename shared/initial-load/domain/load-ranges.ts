// How a load is cut into pieces of work. A plain JSONL file is cut into byte ranges of about
// `rangeBytes`; a line belongs to the range in which its first byte lies, counted so that a range
// [start, end) starts after the first newline at or past `start` (or at 0) and ends with the line that
// holds byte `end`, i.e. at the first newline at or past `end`. Every line is read by exactly one range,
// and no range needs to know where the others' lines fall.
//
// A gzip file is one range: a deflate stream cannot be entered in the middle. A CSV file is one range:
// a quoted field may hold a newline, so a newline is not a record boundary.
import type { LoadFile } from './manifest';

export type LoadRange = { index: number; file: number; start: number; end: number };

/** Default range size: a Lambda reads and writes this in well under its timeout at the configured rate. */
export const DEFAULT_RANGE_BYTES = 32 * 1024 * 1024;

export function planRanges(files: ReadonlyArray<LoadFile & { size: number }>, rangeBytes = DEFAULT_RANGE_BYTES): LoadRange[] {
  const ranges: LoadRange[] = [];
  files.forEach((f, file) => {
    if (f.gzip || f.format === 'customer-master-csv' || f.size <= rangeBytes) {
      ranges.push({ index: ranges.length, file, start: 0, end: f.size });
      return;
    }
    for (let start = 0; start < f.size; start += rangeBytes) {
      ranges.push({ index: ranges.length, file, start, end: Math.min(start + rangeBytes, f.size) });
    }
  });
  return ranges;
}

/** Whether the range may be read from a byte offset (plain JSONL) or must be read from the start. */
export const isSplittable = (f: LoadFile) => !f.gzip && f.format === 'events-jsonl';
