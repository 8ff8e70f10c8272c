// The real AWS SDK v3 S3Client against the local S3 endpoint over folder buckets, exactly as a
// handler uses it (the endpoint from AWS_ENDPOINT_URL_S3, no forcePathStyle): puts (plain and
// aws-chunked with a trailing checksum), gets with ranges, heads, list pages, copies, deletes, and
// S3's errors.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderBuckets } from '../../../local/s3/folder-buckets';
import { startS3Server, type ObjectCreated, type RunningS3Server } from '../../../local/s3/server';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const region = 'eu-west-1';
let root: string;
let server: RunningS3Server;
let s3: S3Client;
const created: ObjectCreated[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 's3-endpoint-'));
  const store = new FolderBuckets(root, [
    { name: 'statements', versioned: true, encryption: 'AES256' },
    { name: 'exports', versioned: false },
    { name: 'vault', versioned: false, encryption: 'aws:kms' },
  ]);
  server = await startS3Server({ store, region, onObjectCreated: async (e) => void created.push(e) });
  // What a function sees: the SDK reads the endpoint from the environment, the handler configures nothing.
  process.env.AWS_ENDPOINT_URL_S3 = server.url;
  s3 = new S3Client({ region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_S3;
  s3?.destroy();
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const text = async (out: { Body?: { transformToString: () => Promise<string> } }) => out.Body!.transformToString();
async function s3Error(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(S3ServiceException);
    return error as S3ServiceException;
  }
  throw new Error('expected the call to fail');
}

describe('PutObject, GetObject, HeadObject', () => {
  it('stores a body as a file in the bucket folder, path-style, with the ETag S3 computes', async () => {
    const body = '<Document>camt.053</Document>';
    const put = await s3.send(new PutObjectCommand({ Bucket: 'statements', Key: 'incoming/2026-12-01/stmt.xml', Body: body, ContentType: 'application/xml', Metadata: { source: 'core' } }));
    expect(put.ETag).toBe(`"${md5(body)}"`);
    expect(put.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(put.ServerSideEncryption).toBe('AES256');
    expect(readFileSync(join(root, 'statements', 'incoming', '2026-12-01', 'stmt.xml'), 'utf8')).toBe(body);

    const got = await s3.send(new GetObjectCommand({ Bucket: 'statements', Key: 'incoming/2026-12-01/stmt.xml' }));
    expect(await text(got)).toBe(body);
    expect(got.ContentType).toBe('application/xml');
    expect(got.ETag).toBe(put.ETag);
    expect(got.VersionId).toBe(put.VersionId);
    expect(got.Metadata).toEqual({ source: 'core' });

    const head = await s3.send(new HeadObjectCommand({ Bucket: 'statements', Key: 'incoming/2026-12-01/stmt.xml' }));
    expect(head.ContentLength).toBe(body.length);
    expect(head.ETag).toBe(put.ETag);
    expect(head.LastModified).toBeInstanceOf(Date);
  });

  it('decodes an aws-chunked stream with its trailing checksum', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const put = await s3.send(new PutObjectCommand({ Bucket: 'exports', Key: 'big.bin', Body: Readable.from([bytes.subarray(0, 1_000_000), bytes.subarray(1_000_000)]), ContentLength: bytes.length }));
    expect(put.ETag).toBe(`"${md5(bytes)}"`);
    expect(put.ChecksumCRC32).toBeDefined();
    expect(readFileSync(join(root, 'exports', 'big.bin')).equals(bytes)).toBe(true);
    expect(put.VersionId).toBeUndefined();
  });

  it('refuses a body whose checksum does not match, and keeps nothing', async () => {
    const e = await s3Error(s3.send(new PutObjectCommand({ Bucket: 'exports', Key: 'corrupt.txt', Body: 'hello', ChecksumCRC32: 'AAAAAA==' })));
    expect(e.name).toBe('BadDigest');
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect((await s3Error(s3.send(new HeadObjectCommand({ Bucket: 'exports', Key: 'corrupt.txt' })))).$metadata.httpStatusCode).toBe(404);
  });

  it('gives an SSE-KMS object an ETag that is not the MD5 of its bytes, as S3 does; a copy out of it gets its MD5', async () => {
    const put = await s3.send(new PutObjectCommand({ Bucket: 'vault', Key: 'k.xml', Body: 'secret' }));
    expect(put.ServerSideEncryption).toBe('aws:kms');
    expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(put.ETag).not.toBe(`"${md5('secret')}"`);
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'vault', Key: 'k.xml' }))).ETag).toBe(put.ETag);
    const copy = await s3.send(new CopyObjectCommand({ Bucket: 'exports', Key: 'from-vault.xml', CopySource: 'vault/k.xml' }));
    expect(copy.CopyObjectResult?.ETag).toBe(`"${md5('secret')}"`);
  });

  it('keeps keys with spaces and non-ASCII characters', async () => {
    const key = 'in/red flower ü+1.xml';
    await s3.send(new PutObjectCommand({ Bucket: 'exports', Key: key, Body: 'x' }));
    expect(readFileSync(join(root, 'exports', 'in', 'red flower ü+1.xml'), 'utf8')).toBe('x');
    expect(await text(await s3.send(new GetObjectCommand({ Bucket: 'exports', Key: key })))).toBe('x');
  });

  it('serves a file copied into the folder by hand, with its MD5 as ETag', async () => {
    writeFileSync(join(root, 'exports', 'by-hand.csv'), 'id,name\n1,a\n');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'exports', Key: 'by-hand.csv' }));
    expect(head.ETag).toBe(`"${md5('id,name\n1,a\n')}"`);
    expect(head.ContentType).toBe('binary/octet-stream');
  });

  it('announces each put and copy once, as it completes', async () => {
    created.length = 0;
    await s3.send(new PutObjectCommand({ Bucket: 'statements', Key: 'announced.xml', Body: 'a' }));
    await s3.send(new CopyObjectCommand({ Bucket: 'statements', Key: 'announced-copy.xml', CopySource: 'statements/announced.xml' }));
    expect(created.map((c) => [c.eventName, c.bucket, c.object.key, c.object.size, c.principalId])).toEqual([
      ['ObjectCreated:Put', 'statements', 'announced.xml', 1, 'AWS:local'],
      ['ObjectCreated:Copy', 'statements', 'announced-copy.xml', 1, 'AWS:local'],
    ]);
  });
});

describe('aws-chunked bodies sent by hand', () => {
  // Signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER) carry ;chunk-signature=… after each size.
  const chunked = (parts: string[], trailer: string) =>
    parts.map((p) => `${Buffer.byteLength(p).toString(16)};chunk-signature=${'0'.repeat(64)}\r\n${p}\r\n`).join('') + `0;chunk-signature=${'0'.repeat(64)}\r\n${trailer}\r\n\r\n`;
  const put = (key: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/exports/${key}`, {
      method: 'PUT',
      body,
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
        'x-amz-trailer': 'x-amz-checksum-crc32c',
        'x-amz-decoded-content-length': '11',
        ...headers,
      },
    });
  // CRC-32C of "hello world" is 0xC99465AA.
  const goodTrailer = `x-amz-checksum-crc32c:${Buffer.from('c99465aa', 'hex').toString('base64')}`;

  it('decodes signed chunks and checks the CRC-32C trailer', async () => {
    const res = await put('signed.txt', chunked(['hello ', 'world'], goodTrailer));
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${md5('hello world')}"`);
    expect(readFileSync(join(root, 'exports', 'signed.txt'), 'utf8')).toBe('hello world');
  });

  it('refuses a wrong trailer checksum (BadDigest), a short body (IncompleteBody) and a malformed chunk', async () => {
    const wrong = await put('wrong.txt', chunked(['hello ', 'world'], 'x-amz-checksum-crc32c:AAAAAA=='));
    expect([wrong.status, await wrong.text()]).toEqual([400, expect.stringContaining('<Code>BadDigest</Code>')]);
    const short = await put('short.txt', chunked(['hello'], goodTrailer));
    expect([short.status, await short.text()]).toEqual([400, expect.stringContaining('<Code>IncompleteBody</Code>')]);
    const malformed = await put('malformed.txt', 'zz\r\nhello\r\n');
    expect([malformed.status, await malformed.text()]).toEqual([400, expect.stringContaining('<Code>InvalidRequest</Code>')]);
    for (const key of ['wrong.txt', 'short.txt', 'malformed.txt']) expect(existsSync(join(root, 'exports', key))).toBe(false);
  });
});

describe('multipart uploads', () => {
  const start = async (key: string) => (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'statements', Key: key, ContentType: 'application/xml' }))).UploadId!;
  const part = async (key: string, uploadId: string, PartNumber: number, Body: Buffer) =>
    ({ PartNumber, ETag: (await s3.send(new UploadPartCommand({ Bucket: 'statements', Key: key, UploadId: uploadId, PartNumber, Body }))).ETag! });

  it('assembles the parts, with the multipart ETag S3 computes, announced as CompleteMultipartUpload', async () => {
    created.length = 0;
    const first = randomBytes(5 * 1024 * 1024);
    const second = randomBytes(1000);
    const uploadId = await start('multi/statement.xml');
    const parts = [await part('multi/statement.xml', uploadId, 1, first), await part('multi/statement.xml', uploadId, 2, second)];
    expect(parts.map((p) => p.ETag)).toEqual([`"${md5(first)}"`, `"${md5(second)}"`]);
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: 'statements', Key: 'multi/statement.xml', UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    const expected = createHash('md5').update(Buffer.concat([Buffer.from(md5(first), 'hex'), Buffer.from(md5(second), 'hex')])).digest('hex');
    expect(done.ETag).toBe(`"${expected}-2"`);
    expect(readFileSync(join(root, 'statements', 'multi', 'statement.xml')).equals(Buffer.concat([first, second]))).toBe(true);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'statements', Key: 'multi/statement.xml' }));
    expect([head.ContentLength, head.ContentType, head.ETag]).toEqual([first.length + second.length, 'application/xml', done.ETag]);
    expect(created.map((c) => [c.eventName, c.object.key])).toEqual([['ObjectCreated:CompleteMultipartUpload', 'multi/statement.xml']]);
  });

  it('refuses a small part before the last, a part with the wrong ETag, and an aborted upload', async () => {
    const uploadId = await start('multi/bad.xml');
    const small = await part('multi/bad.xml', uploadId, 1, Buffer.from('too small'));
    const last = await part('multi/bad.xml', uploadId, 2, Buffer.from('end'));
    const complete = (Parts: { PartNumber: number; ETag: string }[]) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: 'statements', Key: 'multi/bad.xml', UploadId: uploadId, MultipartUpload: { Parts } }));
    expect((await s3Error(complete([small, last]))).name).toBe('EntityTooSmall');
    expect((await s3Error(complete([{ ...small, ETag: `"${md5('other')}"` }]))).name).toBe('InvalidPart');
    await s3.send(new AbortMultipartUploadCommand({ Bucket: 'statements', Key: 'multi/bad.xml', UploadId: uploadId }));
    expect((await s3Error(part('multi/bad.xml', uploadId, 3, Buffer.from('late')))).name).toBe('NoSuchUpload');
    expect(existsSync(join(root, 'statements', 'multi', 'bad.xml'))).toBe(false);
  });
});

describe('ranges', () => {
  const content = 'abcdefghijklmnopqrstuvwxyz';
  beforeAll(async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'exports', Key: 'alphabet.txt', Body: content }));
  });
  const get = (range: string) => s3.send(new GetObjectCommand({ Bucket: 'exports', Key: 'alphabet.txt', Range: range }));

  it('returns 206 with the bytes asked for and their Content-Range', async () => {
    const out = await get('bytes=2-5');
    expect(out.$metadata.httpStatusCode).toBe(206);
    expect(out.ContentRange).toBe(`bytes 2-5/${content.length}`);
    expect(out.ContentLength).toBe(4);
    expect(await text(out)).toBe('cdef');
  });

  it('reads from an offset to the end, the last n bytes, and clips a range past the end', async () => {
    expect(await text(await get('bytes=20-'))).toBe('uvwxyz');
    expect(await text(await get('bytes=-3'))).toBe('xyz');
    const clipped = await get('bytes=24-1000');
    expect(clipped.ContentRange).toBe(`bytes 24-25/${content.length}`);
    expect(await text(clipped)).toBe('yz');
  });

  it('answers a range past the end with 416 InvalidRange', async () => {
    const e = await s3Error(get(`bytes=${content.length}-`));
    expect(e.name).toBe('InvalidRange');
    expect(e.$metadata.httpStatusCode).toBe(416);
  });
});

describe('ListObjectsV2', () => {
  const keys = Array.from({ length: 7 }, (_, i) => `list/2026-12-0${i + 1}.jsonl`);
  beforeAll(async () => {
    for (const key of [...keys].reverse()) await s3.send(new PutObjectCommand({ Bucket: 'exports', Key: key, Body: key }));
    await s3.send(new PutObjectCommand({ Bucket: 'exports', Key: 'list/sub/deeper.jsonl', Body: 'd' }));
  });

  it('pages through a prefix in key order with continuation tokens', async () => {
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'exports', Prefix: 'list/2026', MaxKeys: 3, ContinuationToken: token }));
      pages.push((page.Contents ?? []).map((c) => c.Key!));
      expect(page.KeyCount).toBe(pages.at(-1)!.length);
      expect(page.IsTruncated).toBe(page.NextContinuationToken !== undefined);
      token = page.NextContinuationToken;
    } while (token);
    expect(pages).toEqual([keys.slice(0, 3), keys.slice(3, 6), keys.slice(6)]);
  });

  it('gives each object its size and ETag, and groups by delimiter', async () => {
    const out = await s3.send(new ListObjectsV2Command({ Bucket: 'exports', Prefix: 'list/', Delimiter: '/' }));
    expect(out.Contents!.map((c) => c.Key)).toEqual(keys);
    expect(out.CommonPrefixes).toEqual([{ Prefix: 'list/sub/' }]);
    expect(out.Contents![0]).toMatchObject({ Size: keys[0]!.length, ETag: `"${md5(keys[0]!)}"` });
  });

  it('lists nothing under a prefix that holds nothing', async () => {
    const out = await s3.send(new ListObjectsV2Command({ Bucket: 'exports', Prefix: 'nothing-here/' }));
    expect(out.KeyCount).toBe(0);
    expect(out.Contents).toBeUndefined();
  });
});

describe('errors, copies and deletes', () => {
  it('answers a missing key with NoSuchKey and a missing bucket with NoSuchBucket', async () => {
    const missingKey = await s3Error(s3.send(new GetObjectCommand({ Bucket: 'exports', Key: 'no/such.xml' })));
    expect(missingKey.name).toBe('NoSuchKey');
    expect(missingKey.$metadata.httpStatusCode).toBe(404);
    const missingBucket = await s3Error(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'a' })));
    expect(missingBucket.name).toBe('NoSuchBucket');
    const head = await s3Error(s3.send(new HeadObjectCommand({ Bucket: 'exports', Key: 'no/such.xml' })));
    expect(head.name).toBe('NotFound');
    expect(head.$metadata.httpStatusCode).toBe(404);
  });

  it('refuses a key that cannot be a file with a 400 naming the reason', async () => {
    const e = await s3Error(s3.send(new PutObjectCommand({ Bucket: 'exports', Key: 'a//b', Body: 'x' })));
    expect(e.name).toBe('InvalidArgument');
    expect(e.message).toContain('empty path segment');
  });

  it('copies an object with its ETag and content, and deletes it', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'exports', Key: 'src.txt', Body: 'copied', ContentType: 'text/plain' }));
    const copy = await s3.send(new CopyObjectCommand({ Bucket: 'statements', Key: 'dst.txt', CopySource: 'exports/src.txt' }));
    expect(copy.CopyObjectResult?.ETag).toBe(`"${md5('copied')}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'statements', Key: 'dst.txt' }));
    expect(await text(got)).toBe('copied');
    expect(got.ContentType).toBe('text/plain');
    await s3.send(new DeleteObjectCommand({ Bucket: 'statements', Key: 'dst.txt' }));
    expect((await s3Error(s3.send(new GetObjectCommand({ Bucket: 'statements', Key: 'dst.txt' })))).name).toBe('NoSuchKey');
  });
});
