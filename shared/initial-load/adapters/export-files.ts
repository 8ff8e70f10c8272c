// Where a load's export files, manifest and rejected-lines report live: the load bucket. The port is
// what the load needs of it — size, a read from a byte offset to the end (the caller stops early),
// small text objects, and a listing — so the core runs over S3 in Lambda and over a folder in unit tests.
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Readable } from 'node:stream';

export interface ExportFiles {
  /** Size in bytes, undefined if there is no such object. */
  size(key: string): Promise<number | undefined>;
  text(key: string): Promise<string | undefined>;
  /** The object's bytes from `from` to the end; stopping the iteration closes the download. */
  read(key: string, from: number): AsyncIterable<Uint8Array>;
  put(key: string, body: string, contentType?: string): Promise<void>;
  list(prefix: string): Promise<string[]>;
}

const isMissing = (error: unknown) => ['NoSuchKey', 'NotFound'].includes((error as Error).name) || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

export class S3ExportFiles implements ExportFiles {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async size(key: string) {
    try {
      return (await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))).ContentLength ?? 0;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async text(key: string) {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await out.Body!.transformToString('utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async *read(key: string, from: number): AsyncIterable<Uint8Array> {
    const abort = new AbortController();
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=${from}-` }), { abortSignal: abort.signal }).catch((error) => {
      // A range starting at the end of the object is unsatisfiable (416): there is nothing to read.
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416) return undefined;
      throw error;
    });
    if (!out) return;
    const body = out.Body as Readable;
    try {
      yield* body;
    } finally {
      body.destroy();
      abort.abort();
    }
  }

  async put(key: string, body: string, contentType = 'application/x-ndjson') {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async list(prefix: string) {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      keys.push(...(out.Contents ?? []).map((c) => c.Key!));
      token = out.NextContinuationToken;
    } while (token);
    return keys.sort();
  }
}

/** A folder standing in for the bucket (unit tests, the benchmark's memory probe). */
export class FolderExportFiles implements ExportFiles {
  constructor(private readonly root: string) {}

  async size(key: string) {
    return stat(join(this.root, key)).then((s) => s.size, () => undefined);
  }

  async text(key: string) {
    return readFile(join(this.root, key), 'utf8').catch(() => undefined);
  }

  async *read(key: string, from: number): AsyncIterable<Uint8Array> {
    const stream = createReadStream(join(this.root, key), { start: from, highWaterMark: 256 * 1024 });
    try {
      yield* stream;
    } finally {
      stream.destroy();
    }
  }

  async put(key: string, body: string) {
    await mkdir(dirname(join(this.root, key)), { recursive: true });
    await writeFile(join(this.root, key), body);
  }

  async list(prefix: string) {
    const all = await walk(this.root).catch(() => [] as string[]);
    return all.map((p) => relative(this.root, p).split('\\').join('/')).filter((k) => k.startsWith(prefix)).sort();
  }
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return (await Promise.all(entries.map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)])))).flat();
}
