// `npm run bench -- s3`: what the local S3 endpoint costs a function that reads or writes a file
// through the real S3Client, against the same bytes read or written with node:fs in the same run
// (alternating rounds, medians): a whole 64 MiB object, 1 MiB ranges of it (how a parser that
// continues across invocations reads), and a streamed 64 MiB PutObject (aws-chunked, CRC32 trailer).
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FolderBuckets } from '../local/s3/folder-buckets';
import { startS3Server } from '../local/s3/server';
import { fmt, median, printTable } from './measure';

const SIZE = 64 * 1024 * 1024;
const RANGE = 1024 * 1024;
const ROUNDS = 5;

async function drain(stream: AsyncIterable<Uint8Array>) {
  for await (const _ of stream) void _;
}

export default async function bench() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const root = mkdtempSync(join(tmpdir(), 'bench-s3-'));
  const store = new FolderBuckets(root, [{ name: 'files', versioned: true, encryption: 'AES256' }]);
  const server = await startS3Server({ store, region: 'eu-west-1' });
  const s3 = new S3Client({ endpoint: server.url, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const bytes = randomBytes(SIZE);
  writeFileSync(join(root, 'files', 'statement.xml'), bytes);
  const raw = join(root, 'raw.xml');
  writeFileSync(raw, bytes);
  const seconds = (t0: number) => (performance.now() - t0) / 1000;
  const results = { get: [] as number[], getFs: [] as number[], ranges: [] as number[], rangesFs: [] as number[], put: [] as number[], putFs: [] as number[] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      let t0 = performance.now();
      await drain((await s3.send(new GetObjectCommand({ Bucket: 'files', Key: 'statement.xml' }))).Body as Readable);
      results.get.push(SIZE / seconds(t0));
      t0 = performance.now();
      await drain(createReadStream(raw));
      results.getFs.push(SIZE / seconds(t0));

      t0 = performance.now();
      for (let start = 0; start < SIZE; start += RANGE) {
        const out = await s3.send(new GetObjectCommand({ Bucket: 'files', Key: 'statement.xml', Range: `bytes=${start}-${start + RANGE - 1}` }));
        await drain(out.Body as Readable);
      }
      results.ranges.push(SIZE / RANGE / seconds(t0));
      t0 = performance.now();
      const handle = await open(raw);
      const buffer = Buffer.alloc(RANGE);
      for (let start = 0; start < SIZE; start += RANGE) await handle.read(buffer, 0, RANGE, start);
      await handle.close();
      results.rangesFs.push(SIZE / RANGE / seconds(t0));

      t0 = performance.now();
      await s3.send(new PutObjectCommand({ Bucket: 'files', Key: `upload-${round}.xml`, Body: Readable.from([bytes]), ContentLength: SIZE }));
      results.put.push(SIZE / seconds(t0));
      t0 = performance.now();
      await pipeline(Readable.from([bytes]), createWriteStream(join(root, `raw-${round}.xml`)));
      results.putFs.push(SIZE / seconds(t0));
    }
  } finally {
    s3.destroy();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
  const mb = (v: number[]) => `${fmt(median(v) / 1024 / 1024)} MiB/s`;
  const ratio = (a: number[], b: number[]) => fmt(median(a) / median(b), 2);
  printTable(`Local S3 endpoint against node:fs (64 MiB object, median of ${ROUNDS} alternating rounds)`, [
    { measure: 'GetObject, whole object', value: mb(results.get), baseline: `${mb(results.getFs)} (fs stream)`, ratio: ratio(results.get, results.getFs) },
    { measure: 'GetObject, 1 MiB ranges', value: `${fmt(median(results.ranges))} ranges/s`, baseline: `${fmt(median(results.rangesFs))} reads/s (fs read)`, ratio: ratio(results.ranges, results.rangesFs) },
    { measure: 'PutObject, streamed (aws-chunked)', value: mb(results.put), baseline: `${mb(results.putFs)} (fs write)`, ratio: ratio(results.put, results.putFs) },
  ]);
}
