// Multipart uploads, as S3 keeps them until they are completed: each part a file under
// <root>/.s3tmp/uploads/<upload id>/, the object assembled from the listed parts on
// CompleteMultipartUpload, with S3's multipart ETag (the MD5 of the parts' binary MD5s, a dash, the
// number of parts). S3's rules: part numbers 1 to 10,000, parts listed in ascending order with their
// ETags, every part but the last at least 5 MiB.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DEFAULT_CONTENT_TYPE, keySegments, type FolderBuckets, type ObjectInfo } from './folder-buckets';
import { S3Error } from './s3-xml';

const MIN_PART_SIZE = 5 * 1024 * 1024;
type Upload = { bucket: string; key: string; contentType: string; metadata: Record<string, string> };

const noSuchUpload = (uploadId: string) =>
  new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', [['UploadId', uploadId]]);

export class MultipartUploads {
  constructor(private readonly store: FolderBuckets) {}

  private dir = (uploadId: string) => join(this.store.tempDir, 'uploads', uploadId);

  async create(bucket: string, key: string, { contentType, metadata }: { contentType?: string; metadata: Record<string, string> }): Promise<string> {
    keySegments(key);
    const uploadId = randomBytes(24).toString('base64url');
    await mkdir(this.dir(uploadId), { recursive: true });
    const upload: Upload = { bucket, key, contentType: contentType || DEFAULT_CONTENT_TYPE, metadata };
    await writeFile(join(this.dir(uploadId), 'upload.json'), JSON.stringify(upload));
    return uploadId;
  }

  private async upload(bucket: string, key: string, uploadId: string): Promise<Upload> {
    if (!/^[A-Za-z0-9_-]+$/.test(uploadId)) throw noSuchUpload(uploadId);
    try {
      const upload = JSON.parse(await readFile(join(this.dir(uploadId), 'upload.json'), 'utf8')) as Upload;
      if (upload.bucket === bucket && upload.key === key) return upload;
    } catch {
      // no such upload
    }
    throw noSuchUpload(uploadId);
  }

  async uploadPart(bucket: string, key: string, uploadId: string, partNumberText: string, body: Readable, verify?: { update: (b: Buffer) => void; end: () => void }) {
    await this.upload(bucket, key, uploadId);
    const partNumber = Number(partNumberText);
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
      throw new S3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
    }
    const md5 = createHash('md5');
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        md5.update(chunk);
        verify?.update(chunk);
        done(null, chunk);
      },
    });
    const path = join(this.dir(uploadId), String(partNumber));
    await pipeline(body, tap, createWriteStream(`${path}.writing`));
    verify?.end();
    const etag = `"${md5.digest('hex')}"`;
    await rename(`${path}.writing`, path);
    await writeFile(`${path}.etag`, etag);
    return etag;
  }

  async complete(bucket: string, key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<ObjectInfo> {
    const upload = await this.upload(bucket, key, uploadId);
    if (parts.length === 0) throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    const digests: Buffer[] = [];
    const partSizes: number[] = [];
    for (const [i, part] of parts.entries()) {
      if (i > 0 && part.partNumber <= parts[i - 1]!.partNumber) throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.');
      const path = join(this.dir(uploadId), String(part.partNumber));
      const etag = await readFile(`${path}.etag`, 'utf8').catch(() => undefined);
      if (!etag || etag.replace(/"/g, '') !== part.etag.replace(/"/g, '')) {
        throw new S3Error(400, 'InvalidPart', 'One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.', [['PartNumber', part.partNumber]]);
      }
      digests.push(Buffer.from(etag.replace(/"/g, ''), 'hex'));
      partSizes.push((await stat(path)).size);
    }
    partSizes.forEach((size, i) => {
      if (i < partSizes.length - 1 && size < MIN_PART_SIZE) {
        throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', [['PartNumber', parts[i]!.partNumber], ['ProposedSize', size], ['MinSizeAllowed', MIN_PART_SIZE]]);
      }
    });
    const temp = this.store.tempFile();
    const out = createWriteStream(temp);
    for (const part of parts) {
      for await (const chunk of createReadStream(join(this.dir(uploadId), String(part.partNumber)))) {
        if (!out.write(chunk)) await once(out, 'drain');
      }
    }
    out.end();
    await once(out, 'finish');
    const etag = `"${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${parts.length}"`;
    const size = partSizes.reduce((a, b) => a + b, 0);
    const object = await this.store.place(temp, bucket, key, { etag, size, contentType: upload.contentType, metadata: upload.metadata });
    await rm(this.dir(uploadId), { recursive: true, force: true });
    return object;
  }

  async abort(bucket: string, key: string, uploadId: string) {
    await this.upload(bucket, key, uploadId);
    await rm(this.dir(uploadId), { recursive: true, force: true });
  }
}

/** The parts a CompleteMultipartUpload body lists: <Part><PartNumber>n</PartNumber><ETag>"…"</ETag></Part>. */
export function completedParts(xml: string): { partNumber: number; etag: string }[] {
  if (!/<CompleteMultipartUpload[\s>]/.test(xml)) throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  return [...xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(([, inner]) => {
    const partNumber = Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(inner!)?.[1]);
    const etag = /<ETag>([\s\S]*?)<\/ETag>/.exec(inner!)?.[1]?.replace(/&quot;/g, '"').trim();
    if (!Number.isInteger(partNumber) || !etag) throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    return { partNumber, etag };
  });
}
