// The lines of one range from a stream of bytes (load-ranges.ts says which lines a range owns).
// Bytes arrive in chunks; only the current partial line is held, so memory stays bounded by the longest
// line (capped) whatever the file size.

export type RangeLine =
  /** `offset`: absolute byte position of the line's first byte; `next`: of the line after it. */
  | { kind: 'line'; text: string; offset: number; next: number }
  | { kind: 'too-long'; offset: number; next: number };

export type RangeRead = {
  /** Absolute byte position of the first chunk's first byte. */
  from: number;
  /** Discard everything up to and including the first newline (a range that does not start at 0). */
  skipPartial: boolean;
  /** Last byte position at which an owned line may start; undefined reads to the end. */
  lastStart?: number;
  maxLineBytes?: number;
};

export const MAX_LINE_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

export async function* rangeLines(chunks: AsyncIterable<Uint8Array>, read: RangeRead): AsyncGenerator<RangeLine> {
  const max = read.maxLineBytes ?? MAX_LINE_BYTES;
  let position = read.from; // absolute position of the current line's first byte
  let skipping = read.skipPartial;
  let parts: Buffer[] = []; // the current partial line, dropped once it is longer than max
  let held = 0; // bytes of the current partial line, kept or not

  const line = (piece: Buffer): RangeLine => {
    const length = held + piece.length;
    const offset = position;
    const next = offset + length + 1;
    position = next;
    const kept = length <= max ? (parts.length ? Buffer.concat([...parts, piece]) : piece) : undefined;
    parts = [];
    held = 0;
    if (!kept) return { kind: 'too-long', offset, next };
    const end = kept.length > 0 && kept[kept.length - 1] === 0x0d ? kept.length - 1 : kept.length;
    return { kind: 'line', text: kept.toString('utf8', 0, end), offset, next };
  };
  const past = () => read.lastStart !== undefined && position > read.lastStart;

  for await (const raw of chunks) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let i = 0;
    while (i < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, i);
      if (skipping) {
        const upTo = nl < 0 ? chunk.length : nl + 1;
        position += upTo - i;
        i = upTo;
        skipping = nl < 0;
        continue;
      }
      if (held === 0 && past()) return;
      if (nl < 0) {
        const rest = chunk.subarray(i);
        held += rest.length;
        if (held <= max) parts.push(rest);
        else parts = [];
        break;
      }
      yield line(chunk.subarray(i, nl));
      i = nl + 1;
    }
  }
  if (skipping || (held === 0 && past())) return;
  if (held > 0) {
    // The last line of the file has no newline: `next` is the end of the file.
    const r = line(Buffer.alloc(0));
    yield { ...r, next: r.next - 1 };
  }
}
