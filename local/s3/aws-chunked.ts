// Request bodies as S3 receives them. The AWS SDK v3 sends a streamed PutObject body in the aws-chunked
// content encoding, its checksum in a trailer after the last chunk (STREAMING-UNSIGNED-PAYLOAD-TRAILER):
//
//   <size in hex>[;chunk-signature=<sig>]\r\n<size bytes>\r\n … 0[;…]\r\n<name>:<value>\r\n … \r\n
//
// `decodeAwsChunked` turns that back into the object's bytes and collects the trailers; the checksum
// helpers let the endpoint verify them (or the x-amz-checksum-* header of a plain body) as S3 does.
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';

export class AwsChunkedDecoder extends Transform {
  readonly trailers: Record<string, string> = {};
  private pending: Buffer = Buffer.alloc(0);
  private state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  private remaining = 0;
  decodedLength = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    try {
      this.drain();
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback) {
    if (this.state !== 'done') return done(new MalformedChunkedBody('the body ended before its last chunk'));
    done();
  }

  private drain() {
    for (;;) {
      if (this.state === 'data') {
        if (this.pending.length === 0) return;
        const take = Math.min(this.remaining, this.pending.length);
        this.push(this.pending.subarray(0, take));
        this.decodedLength += take;
        this.pending = this.pending.subarray(take);
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      if (this.state === 'done') {
        this.pending = Buffer.alloc(0);
        return;
      }
      const end = this.pending.indexOf('\r\n');
      if (end < 0) {
        if (this.pending.length > 64 * 1024) throw new MalformedChunkedBody('a chunk header or trailer is longer than 64 KiB');
        return;
      }
      const line = this.pending.subarray(0, end).toString('latin1');
      this.pending = this.pending.subarray(end + 2);
      if (this.state === 'data-end') {
        if (line !== '') throw new MalformedChunkedBody('a chunk is longer than its declared size');
        this.state = 'size';
      } else if (this.state === 'size') {
        const sizeText = line.split(';')[0]!.trim();
        if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new MalformedChunkedBody(`'${sizeText.slice(0, 20)}' is not a chunk size`);
        this.remaining = parseInt(sizeText, 16);
        this.state = this.remaining === 0 ? 'trailer' : 'data';
      } else if (this.state === 'trailer') {
        if (line === '') this.state = 'done';
        else {
          const colon = line.indexOf(':');
          if (colon < 0) throw new MalformedChunkedBody('a trailer has no name:value');
          this.trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
      }
    }
  }
}

export class MalformedChunkedBody extends Error {}

/** Is this body aws-chunked (by its content encoding, or by the streaming payload hash)? */
export const isAwsChunked = (headers: Record<string, string | string[] | undefined>) =>
  String(headers['content-encoding'] ?? '')
    .split(',')
    .some((e) => e.trim() === 'aws-chunked') || String(headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');

/** The checksum algorithms S3 accepts for x-amz-checksum-<name>, as base64 of the big-endian digest. */
export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** An incremental checksum over the decoded object bytes. */
export function checksum(algorithm: ChecksumAlgorithm) {
  if (algorithm === 'sha1' || algorithm === 'sha256') {
    const hash = createHash(algorithm);
    return { update: (b: Buffer) => void hash.update(b), base64: () => hash.digest('base64') };
  }
  let value = 0;
  const step = algorithm === 'crc32' ? (b: Buffer) => (value = crc32(b, value)) : (b: Buffer) => (value = crc32c(b, value));
  return {
    update: (b: Buffer) => void step(b),
    base64: () => {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(value >>> 0);
      return out.toString('base64');
    },
  };
}

// CRC-32C (Castagnoli), which Node's zlib does not offer; reflected polynomial 0x82F63B78.
const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(bytes: Buffer, previous = 0): number {
  let crc = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) crc = CRC32C_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
