// The lines (or CSV records) of one range from its checkpoint on, each already parsed into a contract
// event or a reason. Three ways in, one way out:
// - plain JSONL: a byte range, resumed from the checkpoint's byte offset;
// - gzip JSONL: the whole file, decompressed as a stream; a resume re-reads and skips the lines done;
// - CSV: the whole file through the RFC 4180 reader; a resume skips the records done (header re-read).
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ParseResult } from '../../ingestion/parse-event';
import { CsvRecordReader, customerFromRow, mapHeader, type HeaderMap } from '../domain/customer-master-csv';
import { parseExportLine } from '../domain/export-line';
import type { StoredRange } from '../domain/load-progress';
import type { LoadFile } from '../domain/manifest';
import { isSplittable } from '../domain/load-ranges';
import { rangeLines } from '../domain/range-lines';
import type { ExportFiles } from '../adapters/export-files';

export type ReadItem = {
  /** Line (JSONL) or record (CSV, counting the header) number within the range, from 1. */
  line: number;
  /** Physical line in the file where a CSV record starts; for JSONL the line number within the range. */
  reportLine: number;
  /** Byte position of the next line (plain JSONL: the checkpoint to resume from). */
  next?: number;
  /** Bytes of the file read so far (compressed bytes for gzip). */
  bytesRead: number;
  parsed: ParseResult | 'blank';
};

export async function* readRange(files: ExportFiles, file: LoadFile, range: StoredRange, eventSource: string): AsyncGenerator<ReadItem> {
  if (isSplittable(file)) {
    const from = range.offset ?? range.start;
    let line = range.lines;
    const bytes = files.read(file.key, from);
    for await (const l of rangeLines(bytes, { from, skipPartial: range.offset === undefined && range.start > 0, lastStart: range.end })) {
      line += 1;
      const parsed: ParseResult | 'blank' =
        l.kind === 'too-long' ? { ok: false, reason: 'line is longer than 1 MiB' } : l.text.trim() === '' ? 'blank' : parseExportLine(l.text, eventSource);
      yield { line, reportLine: line, next: l.next, bytesRead: l.next - range.start, parsed };
    }
    return;
  }

  const counter = { bytes: 0 };
  const raw = countBytes(files.read(file.key, 0), counter);
  const bytes = file.gzip ? gunzip(raw) : raw;
  if (file.format === 'events-jsonl') {
    let line = 0;
    for await (const l of rangeLines(bytes, { from: 0, skipPartial: false })) {
      line += 1;
      if (line <= range.lines) continue;
      const parsed: ParseResult | 'blank' =
        l.kind === 'too-long' ? { ok: false, reason: 'line is longer than 1 MiB' } : l.text.trim() === '' ? 'blank' : parseExportLine(l.text, eventSource);
      yield { line, reportLine: line, bytesRead: counter.bytes, parsed };
    }
    return;
  }

  const reader = new CsvRecordReader();
  const decoder = new TextDecoder('utf-8');
  let header: Extract<HeaderMap, { ok: true }> | undefined;
  let record = 0;
  const records = async function* () {
    for await (const chunk of bytes) yield* reader.push(decoder.decode(chunk, { stream: true }));
    yield* reader.push(decoder.decode());
    yield* reader.end();
  };
  for await (const r of records()) {
    record += 1;
    if (!header) {
      const mapped: HeaderMap = 'fields' in r ? mapHeader(r.fields.map((f) => f.replace(/^\uFEFF/, '')), file.columns) : { ok: false, reason: `header: ${r.error}` };
      if (!mapped.ok) {
        // Without a header no row can be read: the file is one rejection.
        if (record > range.lines) yield { line: record, reportLine: r.line, bytesRead: counter.bytes, parsed: { ok: false, reason: mapped.reason } };
        return;
      }
      header = mapped;
      if (record > range.lines) yield { line: record, reportLine: r.line, bytesRead: counter.bytes, parsed: 'blank' };
      continue;
    }
    if (record <= range.lines) continue;
    const parsed: ParseResult = 'error' in r ? { ok: false, reason: `CSV: ${r.error}` } : customerFromRow(r.fields, header, file.columns);
    yield { line: record, reportLine: r.line, bytesRead: counter.bytes, parsed };
  }
}

async function* countBytes(chunks: AsyncIterable<Uint8Array>, counter: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) {
    counter.bytes += c.byteLength;
    yield c;
  }
}

async function* gunzip(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const source = Readable.from(chunks, { objectMode: false });
  const inflate = source.pipe(createGunzip());
  source.on('error', (error) => inflate.destroy(error));
  try {
    yield* inflate as AsyncIterable<Uint8Array>;
  } finally {
    source.destroy();
    inflate.destroy();
  }
}
