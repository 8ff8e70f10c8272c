// Byte ranges and the lines each owns: whatever the range size and chunking, every line of a file is
// read by exactly one range, in order, with its byte offset.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRanges } from '../../../shared/initial-load/domain/load-ranges';
import { rangeLines } from '../../../shared/initial-load/domain/range-lines';

async function* chunked(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function linesOfRange(file: Buffer, start: number, end: number, chunk: number) {
  const out: string[] = [];
  for await (const l of rangeLines(chunked(file.subarray(start), chunk), { from: start, skipPartial: start > 0, lastStart: end })) {
    if (l.kind === 'line') {
      expect(file.subarray(l.offset, l.offset + Buffer.byteLength(l.text)).toString()).toBe(l.text);
      out.push(l.text);
    }
  }
  return out;
}

describe('ranges of a JSONL file', () => {
  it('read every line exactly once, for any line lengths, range size and chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '中', ' '), maxLength: 30 }), { maxLength: 40 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 17 }), fc.boolean(), async (lines, rangeBytes, chunk, finalNewline) => {
        const file = Buffer.from(lines.join('\n') + (finalNewline && lines.length ? '\n' : ''));
        const ranges = planRanges([{ key: 'f', format: 'events-jsonl', gzip: false, size: file.length }], rangeBytes);
        const read: string[] = [];
        for (const r of ranges) read.push(...(await linesOfRange(file, r.start, r.end, chunk)));
        // A newline ends a line; nothing after the last one is a line of its own.
        const expected = file.toString().split('\n');
        if (expected[expected.length - 1] === '') expected.pop();
        expect(read).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('gzip and CSV files are one range each; plain JSONL is cut at rangeBytes', () => {
    const ranges = planRanges(
      [
        { key: 'a.jsonl', format: 'events-jsonl', gzip: false, size: 250 },
        { key: 'b.jsonl.gz', format: 'events-jsonl', gzip: true, size: 250 },
        { key: 'c.csv', format: 'customer-master-csv', gzip: false, size: 250 },
      ],
      100,
    );
    expect(ranges.map((r) => [r.file, r.start, r.end])).toEqual([[0, 0, 100], [0, 100, 200], [0, 200, 250], [1, 0, 250], [2, 0, 250]]);
  });

  it('a line longer than the cap is reported as too long, and the next line still comes', async () => {
    const file = Buffer.from(`${'x'.repeat(50)}\nshort\n`);
    const out = [];
    for await (const l of rangeLines(chunked(file, 7), { from: 0, skipPartial: false, maxLineBytes: 20 })) out.push(l);
    expect(out).toEqual([
      { kind: 'too-long', offset: 0, next: 51 },
      { kind: 'line', text: 'short', offset: 51, next: 57 },
    ]);
  });
});
