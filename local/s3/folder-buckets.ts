// Buckets as folders: bucket <name> is <root>/<name>/, object key a/b/c.xml is the file a/b/c.xml in it.
// What S3 keeps beside an object (ETag, content type, user metadata, version id) lives in a sidecar,
// <root>/.s3meta/<name>/<key>.json, written when the object is stored or announced; a file that has
// none (one copied into the folder by hand) gets its ETag computed from its bytes. Writes go to
// <root>/.s3tmp/ first and are renamed into place, so a reader never sees half an object.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, type Stats } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';

export type BucketSettings = { name: string; versioned: boolean; encryption?: 'AES256' | 'aws:kms' };

export type ObjectInfo = {
  key: string;
  size: number;
  /** Quoted, as S3 returns it: the hex MD5 of the bytes for a single-part upload. */
  etag: string;
  lastModified: Date;
  contentType: string;
  metadata: Record<string, string>;
  versionId?: string;
};

type Sidecar = Omit<ObjectInfo, 'key' | 'lastModified'> & { mtimeMs: number; announced: boolean };

/** S3's content type for an object stored without one. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

export class InvalidObjectKey extends Error {}

/**
 * Keys that cannot be a path in a folder are refused: empty segments (a//b, a trailing /), . and ..,
 * and segments starting with a dot, which this store keeps for files still being written.
 */
export function keySegments(key: string): string[] {
  if (key.length === 0 || Buffer.byteLength(key) > 1024) throw new InvalidObjectKey('an object key is 1 to 1024 bytes long');
  const segments = key.split('/');
  for (const s of segments) {
    if (s === '') throw new InvalidObjectKey(`the local S3 keeps objects as files: key '${key}' has an empty path segment (a leading, trailing or double /)`);
    if (s.startsWith('.')) throw new InvalidObjectKey(`the local S3 keeps objects as files: key '${key}' has a segment starting with '.', which it keeps for files being written`);
    if (s.includes('\0') || s.includes('\\')) throw new InvalidObjectKey(`key '${key}' holds a character a file name cannot`);
  }
  return segments;
}

export const newVersionId = () => randomBytes(24).toString('base64url');

export class FolderBuckets {
  private readonly buckets = new Map<string, BucketSettings>();
  /** ETags computed for files without a sidecar, by path, size and mtime. */
  /** bucket/key of objects being placed by the endpoint right now (the watcher leaves them alone). */
  private readonly writing = new Set<string>();
  private readonly computed = new Map<string, { size: number; mtimeMs: number; etag: string; versionId?: string }>();

  constructor(
    readonly root: string,
    buckets: BucketSettings[],
  ) {
    for (const b of buckets) {
      this.buckets.set(b.name, b);
      mkdirSync(this.bucketDir(b.name), { recursive: true });
    }
    mkdirSync(this.tempDir, { recursive: true });
  }

  get names() {
    return [...this.buckets.keys()];
  }

  bucket(name: string): BucketSettings | undefined {
    return this.buckets.get(name);
  }

  bucketDir = (bucket: string) => join(this.root, bucket);
  get tempDir() {
    return join(this.root, '.s3tmp');
  }
  /** A fresh path in the temporary folder, on the same file system as the buckets (rename is atomic). */
  tempFile = () => join(this.tempDir, randomUUID());
  objectPath = (bucket: string, key: string) => join(this.bucketDir(bucket), ...keySegments(key));
  private sidecarPath = (bucket: string, key: string) => `${join(this.root, '.s3meta', bucket, ...keySegments(key))}.json`;

  /**
   * Store an object from a stream of its bytes. `verify` sees every byte (checksums) and may throw
   * after the stream ends; then nothing is stored.
   */
  async put(
    bucket: string,
    key: string,
    body: Readable,
    { contentType, metadata = {}, verify }: { contentType?: string; metadata?: Record<string, string>; verify?: { update: (b: Buffer) => void; end: () => void } },
  ): Promise<ObjectInfo> {
    keySegments(key); // a key that cannot be a file is refused before any byte is read
    const temp = join(this.tempDir, randomUUID());
    const md5 = createHash('md5');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        md5.update(chunk);
        verify?.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, tap, createWriteStream(temp));
      verify?.end();
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return this.place(temp, bucket, key, { etag: `"${md5.digest('hex')}"`, contentType: contentType || DEFAULT_CONTENT_TYPE, metadata, size });
  }

  /** Copy an object within or across buckets; the copy gets the source's ETag, type and metadata unless replaced. */
  async copy(from: { bucket: string; key: string }, to: { bucket: string; key: string }, replace?: { contentType?: string; metadata: Record<string, string> }) {
    const source = await this.head(from.bucket, from.key);
    if (!source) return undefined;
    const temp = join(this.tempDir, randomUUID());
    await pipeline(createReadStream(this.objectPath(from.bucket, from.key)), createWriteStream(temp));
    // S3 computes the copy's ETag anew: the source's says nothing of the bytes when it is SSE-KMS.
    const etag = this.buckets.get(from.bucket)?.encryption === 'aws:kms' ? `"${await md5Of(temp)}"` : source.etag;
    return this.place(temp, to.bucket, to.key, {
      etag,
      size: source.size,
      contentType: replace ? replace.contentType || DEFAULT_CONTENT_TYPE : source.contentType,
      metadata: replace ? replace.metadata : source.metadata,
    });
  }

  /** Rename a file written under `tempFile()` into place and record its sidecar, as one step for the watcher. */
  async place(temp: string, bucket: string, key: string, described: Pick<ObjectInfo, 'etag' | 'contentType' | 'metadata' | 'size'>) {
    const info = { ...described, etag: this.storedEtag(bucket, described.etag) };
    const target = this.objectPath(bucket, key);
    const id = `${bucket}/${key}`;
    this.writing.add(id);
    try {
      await mkdir(dirname(target), { recursive: true });
      await rename(temp, target);
      return await this.record(bucket, key, info);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    } finally {
      this.writing.delete(id);
    }
  }

  /**
   * The ETag S3 gives: the MD5 of the bytes (or the multipart ETag) in an SSE-S3 bucket; in an SSE-KMS
   * bucket an opaque value that is not an MD5 of the data, as AWS documents, so that nothing here
   * comes to rely on it.
   */
  private storedEtag(bucket: string, md5Etag: string) {
    if (this.buckets.get(bucket)?.encryption !== 'aws:kms') return md5Etag;
    const parts = /-\d+"$/.exec(md5Etag)?.[0].slice(0, -1) ?? '';
    return `"${createHash('md5').update(randomBytes(16)).update(md5Etag).digest('hex')}${parts}"`;
  }

  isWriting(bucket: string, key: string) {
    return this.writing.has(`${bucket}/${key}`);
  }

  private async record(bucket: string, key: string, info: Pick<ObjectInfo, 'etag' | 'contentType' | 'metadata' | 'size'>): Promise<ObjectInfo> {
    const stats = await stat(this.objectPath(bucket, key));
    const versionId = this.buckets.get(bucket)?.versioned ? newVersionId() : undefined;
    const sidecar: Sidecar = { ...info, versionId, mtimeMs: stats.mtimeMs, announced: true };
    await this.writeSidecar(bucket, key, sidecar);
    return { key, ...info, versionId, lastModified: stats.mtime };
  }

  private async writeSidecar(bucket: string, key: string, sidecar: Sidecar) {
    const path = this.sidecarPath(bucket, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(sidecar));
  }

  private async readSidecar(bucket: string, key: string, stats: Stats): Promise<Sidecar | undefined> {
    try {
      const sidecar = JSON.parse(await readFile(this.sidecarPath(bucket, key), 'utf8')) as Sidecar;
      // A file replaced by hand since: its sidecar describes bytes that are gone.
      return sidecar.size === stats.size && sidecar.mtimeMs === stats.mtimeMs ? sidecar : undefined;
    } catch {
      return undefined;
    }
  }

  /** The object's description, or undefined when there is no such object. */
  async head(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    const path = this.objectPath(bucket, key);
    let stats: Stats;
    try {
      stats = await stat(path);
    } catch {
      return undefined;
    }
    if (!stats.isFile()) return undefined;
    const sidecar = await this.readSidecar(bucket, key, stats);
    if (sidecar) return { key, size: sidecar.size, etag: sidecar.etag, contentType: sidecar.contentType, metadata: sidecar.metadata, versionId: sidecar.versionId, lastModified: stats.mtime };
    const known = this.computed.get(path);
    const computed =
      known && known.size === stats.size && known.mtimeMs === stats.mtimeMs
        ? known
        : { size: stats.size, mtimeMs: stats.mtimeMs, etag: this.storedEtag(bucket, `"${await md5Of(path)}"`), versionId: this.buckets.get(bucket)?.versioned ? newVersionId() : undefined };
    this.computed.set(path, computed);
    return { key, size: stats.size, etag: computed.etag, contentType: DEFAULT_CONTENT_TYPE, metadata: {}, versionId: computed.versionId, lastModified: stats.mtime };
  }

  /** Has this exact file (same size and mtime) been stored through the endpoint or announced already? */
  async isAnnounced(bucket: string, key: string, stats: Stats): Promise<boolean> {
    return (await this.readSidecar(bucket, key, stats))?.announced === true;
  }

  /** Record a file that appeared in the folder as announced, with its ETag and version. */
  async markAnnounced(bucket: string, key: string): Promise<ObjectInfo | undefined> {
    const info = await this.head(bucket, key);
    if (!info) return undefined;
    const stats = await stat(this.objectPath(bucket, key));
    // The file may have changed while its ETag was computed: then it is announced when it settles again.
    if (stats.size !== info.size || stats.mtime.getTime() !== info.lastModified.getTime()) return undefined;
    await this.writeSidecar(bucket, key, { size: info.size, etag: info.etag, contentType: info.contentType, metadata: info.metadata, versionId: info.versionId, mtimeMs: stats.mtimeMs, announced: true });
    return info;
  }

  read(bucket: string, key: string, range?: { start: number; end: number }) {
    return createReadStream(this.objectPath(bucket, key), range);
  }

  async delete(bucket: string, key: string) {
    await rm(this.objectPath(bucket, key), { force: true });
    await rm(this.sidecarPath(bucket, key), { force: true });
  }

  /** Every object of the bucket as (key, stats), in S3's order: keys by their UTF-8 bytes. */
  async list(bucket: string, prefix = ''): Promise<{ key: string; stats: Stats }[]> {
    const dir = this.bucketDir(bucket);
    const found: { key: string; stats: Stats }[] = [];
    // Only the folders the prefix can reach: "2026/12/stat" walks 2026/12/ and no other.
    const fixed = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const start = fixed ? join(dir, ...fixed.split('/')) : dir;
    if (fixed && fixed.split('/').some((s) => s === '' || s.startsWith('.'))) return [];
    const walk = async (folder: string, keyPrefix: string) => {
      let entries;
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const key = `${keyPrefix}${entry.name}`;
        const path = join(folder, entry.name);
        if (entry.isDirectory()) await walk(path, `${key}/`);
        else if (entry.isFile() && key.startsWith(prefix)) found.push({ key, stats: await stat(path) });
      }
    };
    await walk(start, fixed ? `${fixed}/` : '');
    return found.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  }

  /** The key of a file path inside a bucket folder. */
  keyOf(bucket: string, path: string) {
    return path.slice(this.bucketDir(bucket).length + 1).split(sep).join('/');
  }

  exists(bucket: string) {
    return this.buckets.has(bucket) && existsSync(this.bucketDir(bucket));
  }
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
