// A local S3 endpoint over the folder buckets: the part of the REST API that the stack's functions and
// scripts use, for the real AWS SDK v3 S3Client pointed at it (AWS_ENDPOINT_URL_S3). Requests are
// path-style (http://127.0.0.1:<port>/<bucket>/<key>), which the SDK uses by itself for an IP endpoint.
// Signatures are not checked; the access key id names the caller in notifications.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { AwsChunkedDecoder, CHECKSUM_ALGORITHMS, checksum, isAwsChunked, MalformedChunkedBody, type ChecksumAlgorithm } from './aws-chunked';
import { parseByteRange } from './byte-range';
import { FolderBuckets, InvalidObjectKey, type ObjectInfo } from './folder-buckets';
import { completedParts, MultipartUploads } from './multipart-uploads';
import { noSuchBucket, noSuchKey, notImplemented, Raw, S3Error, xmlDocument, xmlElements } from './s3-xml';

export type ObjectCreated = {
  bucket: string;
  object: ObjectInfo;
  eventName: 'ObjectCreated:Put' | 'ObjectCreated:Copy' | 'ObjectCreated:CompleteMultipartUpload';
  eventTime: Date;
  /** Who asked: AWS:<access key id> from the request's signature. */
  principalId: string;
  sourceIPAddress: string;
  requestId: string;
  hostId: string;
};

export type S3ServerOptions = {
  store: FolderBuckets;
  host?: string;
  port?: number;
  region: string;
  /** Called once the object is in place, before the response: notifications are sent from here. */
  onObjectCreated?: (event: ObjectCreated) => Promise<void>;
  onError?: (message: string) => void;
};

export type RunningS3Server = { url: string; server: Server; stop: () => Promise<void> };

const MAX_KEYS = 1000;

export async function startS3Server(options: S3ServerOptions): Promise<RunningS3Server> {
  const uploads = new MultipartUploads(options.store);
  const server = createServer((req, res) => {
    void handle(options, uploads, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Request = {
  req: IncomingMessage;
  res: ServerResponse;
  bucket: string;
  key: string;
  query: URLSearchParams;
  requestId: string;
  hostId: string;
};

async function handle(options: S3ServerOptions, uploads: MultipartUploads, req: IncomingMessage, res: ServerResponse) {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const hostId = randomBytes(32).toString('base64');
  res.setHeader('x-amz-request-id', requestId);
  res.setHeader('x-amz-id-2', hostId);
  res.setHeader('Server', 'AmazonS3');
  try {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;
    const slash = path.indexOf('/', 1);
    const bucket = decodeURIComponent(slash < 0 ? path.slice(1) : path.slice(1, slash));
    const key = slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));
    const r: Request = { req, res, bucket, key, query: url.searchParams, requestId, hostId };
    await route(options, uploads, r);
  } catch (error) {
    const s3Error =
      error instanceof S3Error
        ? error
        : error instanceof InvalidObjectKey
          ? new S3Error(400, 'InvalidArgument', error.message)
          : error instanceof MalformedChunkedBody
            ? new S3Error(400, 'InvalidRequest', `The aws-chunked body is malformed: ${error.message}`)
            : undefined;
    if (!s3Error) options.onError?.(`local S3: ${req.method} ${req.url}: ${(error as Error).stack ?? error}`);
    const e = s3Error ?? new S3Error(500, 'InternalError', 'We encountered an internal error. Please try again.');
    if (res.headersSent) return void res.destroy();
    res.statusCode = e.status;
    // A HEAD response has no body: the SDK reads the code from the status alone.
    if (req.method === 'HEAD') return void res.end();
    res.setHeader('Content-Type', 'application/xml');
    res.end(e.toXml(requestId, hostId));
    // The rest of a refused upload is not read.
    if (!req.complete) req.resume();
  }
}

async function route(options: S3ServerOptions, uploads: MultipartUploads, r: Request) {
  const { req, bucket, key, query } = r;
  const method = req.method ?? 'GET';
  if (!bucket) {
    if (method === 'GET') return listBuckets(options, r);
    throw new S3Error(405, 'MethodNotAllowed', `The specified method is not allowed against this resource.`);
  }
  if (!options.store.exists(bucket)) throw noSuchBucket(bucket);
  if (key && (query.has('uploads') || query.has('uploadId'))) return multipart(options, uploads, r);
  const unsupported = ['uploads', 'uploadId', 'partNumber', 'tagging', 'acl', 'versions', 'versioning', 'notification', 'policy', 'lifecycle', 'delete', 'restore', 'select', 'attributes', 'retention', 'legal-hold'].find((q) => query.has(q));
  if (unsupported) throw notImplemented(`?${unsupported}`);
  if (!key) {
    if (method === 'HEAD') return headBucket(options, r);
    if (method === 'GET' && query.get('list-type') === '2') return listObjectsV2(options, r);
    if (method === 'GET') throw notImplemented('ListObjects version 1 (use ListObjectsV2)');
    throw notImplemented(`${method} on a bucket`);
  }
  switch (method) {
    case 'GET':
    case 'HEAD':
      return getObject(options, r, method === 'HEAD');
    case 'PUT':
      return req.headers['x-amz-copy-source'] ? copyObject(options, r) : putObject(options, r);
    case 'DELETE':
      return deleteObject(options, r);
    default:
      throw notImplemented(`${method} on an object`);
  }
}

function listBuckets({ store }: S3ServerOptions, { res }: Request) {
  const buckets = store.names.map((name) => new Raw(xmlElements([['Name', name], ['CreationDate', new Date(0).toISOString()]])));
  sendXml(res, 200, xmlDocument('ListAllMyBucketsResult', xmlElements([['Owner', new Raw(xmlElements([['ID', 'local']]))], ['Buckets', new Raw(xmlElements([['Bucket', buckets]]))]])));
}

function headBucket({ region }: S3ServerOptions, { res }: Request) {
  res.statusCode = 200;
  res.setHeader('x-amz-bucket-region', region);
  res.end();
}

async function getObject({ store }: S3ServerOptions, r: Request, headOnly: boolean) {
  const { req, res, bucket, key, query } = r;
  const info = await store.head(bucket, key);
  if (!info) throw noSuchKey(key);
  const versionId = query.get('versionId');
  if (versionId && versionId !== info.versionId && !(versionId === 'null' && info.versionId === undefined)) {
    throw new S3Error(404, 'NoSuchVersion', 'The specified version does not exist.', [['Key', key], ['VersionId', versionId]]);
  }
  const ifMatch = req.headers['if-match'];
  if (ifMatch && ifMatch !== '*' && !ifMatch.split(',').map((t) => t.trim()).includes(info.etag)) {
    throw new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', [['Condition', 'If-Match']]);
  }
  objectHeaders(store, res, bucket, info);
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch && (ifNoneMatch === '*' || ifNoneMatch.split(',').map((t) => t.trim()).includes(info.etag))) {
    res.statusCode = 304;
    return void res.end();
  }
  const range = parseByteRange(req.headers.range, info.size);
  if (range === 'unsatisfiable') {
    res.removeHeader('ETag');
    res.setHeader('Content-Range', `bytes */${info.size}`);
    throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', [
      ['RangeRequested', req.headers.range],
      ['ActualObjectSize', info.size],
    ]);
  }
  res.statusCode = range ? 206 : 200;
  res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : info.size));
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${info.size}`);
  if (headOnly || info.size === 0) return void res.end();
  await pipeline(store.read(bucket, key, range), res);
}

function objectHeaders(store: FolderBuckets, res: ServerResponse, bucket: string, info: ObjectInfo) {
  res.setHeader('ETag', info.etag);
  res.setHeader('Last-Modified', info.lastModified.toUTCString());
  res.setHeader('Content-Type', info.contentType);
  res.setHeader('Accept-Ranges', 'bytes');
  for (const [name, value] of Object.entries(info.metadata)) res.setHeader(`x-amz-meta-${name}`, value);
  if (info.versionId) res.setHeader('x-amz-version-id', info.versionId);
  encryptionHeader(store, res, bucket);
}

function encryptionHeader(store: FolderBuckets, res: ServerResponse, bucket: string) {
  const encryption = store.bucket(bucket)?.encryption;
  if (encryption) res.setHeader('x-amz-server-side-encryption', encryption);
}

const userMetadata = (req: IncomingMessage) =>
  Object.fromEntries(
    Object.entries(req.headers)
      .filter(([name]) => name.startsWith('x-amz-meta-'))
      .map(([name, value]) => [name.slice('x-amz-meta-'.length), String(value)]),
  );

const principalOf = (req: IncomingMessage) => {
  const credential = /Credential=([^/,\s]+)/.exec(req.headers.authorization ?? '')?.[1];
  return `AWS:${credential ?? 'anonymous'}`;
};

const sourceIpOf = (req: IncomingMessage) => (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');

async function putObject(options: S3ServerOptions, r: Request) {
  const { store } = options;
  const { req, res, bucket, key } = r;
  if (req.headers['if-none-match'] === '*' && (await store.head(bucket, key))) {
    throw new S3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', [['Condition', 'If-None-Match']]);
  }
  const chunked = isAwsChunked(req.headers);
  const decoder = chunked ? new AwsChunkedDecoder() : undefined;
  const verify = bodyVerifier(req, decoder);
  const body = decoder ? req.pipe(decoder) : req;
  req.on('error', (error) => decoder?.destroy(error));
  const object = await store.put(bucket, key, body, { contentType: req.headers['content-type'], metadata: userMetadata(req), verify });
  await created(options, r, object, 'ObjectCreated:Put');
  res.statusCode = 200;
  res.setHeader('ETag', object.etag);
  if (object.versionId) res.setHeader('x-amz-version-id', object.versionId);
  for (const [name, value] of Object.entries(verify.checksums())) res.setHeader(name, value);
  encryptionHeader(store, res, bucket);
  res.end();
}

/**
 * What S3 checks of a body before it keeps it: Content-MD5, the x-amz-checksum-* header or trailer, and
 * for aws-chunked the decoded length. A mismatch refuses the object (BadDigest, IncompleteBody).
 */
function bodyVerifier(req: IncomingMessage, decoder?: AwsChunkedDecoder) {
  const md5 = req.headers['content-md5'] ? createHash('md5') : undefined;
  const trailerName = String(req.headers['x-amz-trailer'] ?? '').toLowerCase().trim();
  const algorithmOf = (name: string) => CHECKSUM_ALGORITHMS.find((a) => name === `x-amz-checksum-${a}`);
  const headerAlgorithm = CHECKSUM_ALGORITHMS.find((a) => req.headers[`x-amz-checksum-${a}`] !== undefined);
  const algorithm: ChecksumAlgorithm | undefined = algorithmOf(trailerName) ?? headerAlgorithm;
  const sum = algorithm ? checksum(algorithm) : undefined;
  const verified: Record<string, string> = {};
  return {
    update: (chunk: Buffer) => {
      md5?.update(chunk);
      sum?.update(chunk);
    },
    end: () => {
      if (md5 && md5.digest('base64') !== req.headers['content-md5']) throw new S3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
      if (decoder) {
        const declared = req.headers['x-amz-decoded-content-length'];
        if (declared !== undefined && Number(declared) !== decoder.decodedLength) {
          throw new S3Error(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
        }
      }
      if (algorithm && sum) {
        const name = `x-amz-checksum-${algorithm}`;
        const expected = algorithmOf(trailerName) ? decoder?.trailers[name] : String(req.headers[name]);
        if (expected === undefined) throw new S3Error(400, 'InvalidRequest', `The ${name} trailer named in x-amz-trailer is missing.`);
        const actual = sum.base64();
        if (actual !== expected) throw new S3Error(400, 'BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
        verified[name] = actual;
      }
    },
    checksums: () => verified,
  };
}

/** CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload. */
async function multipart(options: S3ServerOptions, uploads: MultipartUploads, r: Request) {
  const { req, res, bucket, key, query } = r;
  const method = req.method ?? 'GET';
  const uploadId = query.get('uploadId');
  if (method === 'POST' && query.has('uploads')) {
    const id = await uploads.create(bucket, key, { contentType: req.headers['content-type'], metadata: userMetadata(req) });
    return sendXml(res, 200, xmlDocument('InitiateMultipartUploadResult', xmlElements([['Bucket', bucket], ['Key', key], ['UploadId', id]])));
  }
  if (uploadId === null) throw notImplemented(`${method} ?uploads`);
  if (method === 'PUT' && query.has('partNumber') && !req.headers['x-amz-copy-source']) {
    const decoder = isAwsChunked(req.headers) ? new AwsChunkedDecoder() : undefined;
    const verify = bodyVerifier(req, decoder);
    req.on('error', (error) => decoder?.destroy(error));
    const etag = await uploads.uploadPart(bucket, key, uploadId, query.get('partNumber')!, decoder ? req.pipe(decoder) : req, verify);
    res.statusCode = 200;
    res.setHeader('ETag', etag);
    for (const [name, value] of Object.entries(verify.checksums())) res.setHeader(name, value);
    return void res.end();
  }
  if (method === 'POST') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const object = await uploads.complete(bucket, key, uploadId, completedParts(Buffer.concat(chunks).toString('utf8')));
    await created(options, r, object, 'ObjectCreated:CompleteMultipartUpload');
    if (object.versionId) res.setHeader('x-amz-version-id', object.versionId);
    encryptionHeader(options.store, res, bucket);
    return sendXml(
      res,
      200,
      xmlDocument('CompleteMultipartUploadResult', xmlElements([['Location', `/${bucket}/${key}`], ['Bucket', bucket], ['Key', key], ['ETag', object.etag]])),
    );
  }
  if (method === 'DELETE') {
    await uploads.abort(bucket, key, uploadId);
    res.statusCode = 204;
    return void res.end();
  }
  throw notImplemented(method === 'GET' ? 'ListParts' : `${method} with an uploadId (UploadPartCopy)`);
}

async function copyObject(options: S3ServerOptions, r: Request) {
  const { store } = options;
  const { req, res, bucket, key } = r;
  const [sourcePath = '', sourceQuery = ''] = String(req.headers['x-amz-copy-source']).split('?');
  const source = decodeURIComponent(sourcePath.replace(/^\//, ''));
  const slash = source.indexOf('/');
  if (slash <= 0) throw new S3Error(400, 'InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey');
  const from = { bucket: source.slice(0, slash), key: source.slice(slash + 1) };
  if (!store.exists(from.bucket)) throw noSuchBucket(from.bucket);
  const sourceInfo = await store.head(from.bucket, from.key);
  if (!sourceInfo) throw noSuchKey(from.key);
  const sourceVersion = new URLSearchParams(sourceQuery).get('versionId');
  if (sourceVersion && sourceVersion !== sourceInfo.versionId) throw new S3Error(404, 'NoSuchVersion', 'The specified version does not exist.', [['Key', from.key], ['VersionId', sourceVersion]]);
  const replace = req.headers['x-amz-metadata-directive'] === 'REPLACE';
  if (!replace && from.bucket === bucket && from.key === key) {
    throw new S3Error(400, 'InvalidRequest', 'This copy request is illegal because it is trying to copy an object to itself without changing the object\'s metadata, storage class, website redirect location or encryption attributes.');
  }
  const object = await store.copy(from, { bucket, key }, replace ? { contentType: req.headers['content-type'], metadata: userMetadata(req) } : undefined);
  if (!object) throw noSuchKey(from.key);
  await created(options, r, object, 'ObjectCreated:Copy');
  if (object.versionId) res.setHeader('x-amz-version-id', object.versionId);
  if (sourceInfo.versionId) res.setHeader('x-amz-copy-source-version-id', sourceInfo.versionId);
  encryptionHeader(store, res, bucket);
  sendXml(res, 200, xmlDocument('CopyObjectResult', xmlElements([['LastModified', object.lastModified.toISOString()], ['ETag', object.etag]])));
}

async function deleteObject({ store }: S3ServerOptions, { res, bucket, key }: Request) {
  await store.delete(bucket, key);
  // A versioned bucket keeps a delete marker; this store keeps only current objects (see docs/local-s3.md).
  if (store.bucket(bucket)?.versioned) res.setHeader('x-amz-delete-marker', 'true');
  res.statusCode = 204;
  res.end();
}

async function listObjectsV2({ store }: S3ServerOptions, { res, bucket, query }: Request) {
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') || undefined;
  const maxKeysText = query.get('max-keys');
  const maxKeys = maxKeysText === null ? MAX_KEYS : Number(maxKeysText);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new S3Error(400, 'InvalidArgument', 'Provided max-keys not an integer or within integer range');
  const limit = Math.min(maxKeys, MAX_KEYS);
  const token = query.get('continuation-token');
  const startAfter = query.get('start-after') ?? undefined;
  const urlEncoded = query.get('encoding-type') === 'url';
  let after: { key: string; commonPrefix: boolean } | undefined = startAfter ? { key: startAfter, commonPrefix: false } : undefined;
  if (token !== null) {
    try {
      after = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { key: string; commonPrefix: boolean };
      if (typeof after.key !== 'string') throw new Error('no key');
    } catch {
      throw new S3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect');
    }
  }
  const enc = (s: string) => (urlEncoded ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const contents: Raw[] = [];
  const commonPrefixes: Raw[] = [];
  let last: { key: string; commonPrefix: boolean } | undefined;
  let truncated = false;
  for (const { key } of await store.list(bucket, prefix)) {
    if (after && (key <= after.key || (after.commonPrefix && key.startsWith(after.key)))) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const commonPrefix = cut >= 0 ? key.slice(0, cut + delimiter!.length) : undefined;
    if (commonPrefix !== undefined && last?.commonPrefix && last.key === commonPrefix) continue;
    if (contents.length + commonPrefixes.length >= limit) {
      truncated = true;
      break;
    }
    if (commonPrefix !== undefined) {
      commonPrefixes.push(new Raw(xmlElements([['Prefix', enc(commonPrefix)]])));
      last = { key: commonPrefix, commonPrefix: true };
    } else {
      const info = await store.head(bucket, key);
      if (!info) continue;
      contents.push(
        new Raw(xmlElements([['Key', enc(key)], ['LastModified', info.lastModified.toISOString()], ['ETag', info.etag], ['Size', info.size], ['StorageClass', 'STANDARD']])),
      );
      last = { key, commonPrefix: false };
    }
  }
  const nextToken = truncated && last ? Buffer.from(JSON.stringify(last)).toString('base64url') : undefined;
  sendXml(
    res,
    200,
    xmlDocument(
      'ListBucketResult',
      xmlElements([
        ['Name', bucket],
        ['Prefix', enc(prefix)],
        ['Delimiter', delimiter && enc(delimiter)],
        ['StartAfter', startAfter && enc(startAfter)],
        ['ContinuationToken', token ?? undefined],
        ['NextContinuationToken', nextToken],
        ['KeyCount', contents.length + commonPrefixes.length],
        ['MaxKeys', maxKeys],
        ['EncodingType', urlEncoded ? 'url' : undefined],
        ['IsTruncated', truncated],
        ['Contents', contents],
        ['CommonPrefixes', commonPrefixes],
      ]),
    ),
  );
}

async function created(options: S3ServerOptions, { req, bucket, requestId, hostId }: Request, object: ObjectInfo, eventName: ObjectCreated['eventName']) {
  if (!options.onObjectCreated) return;
  try {
    await options.onObjectCreated({ bucket, object, eventName, eventTime: new Date(), principalId: principalOf(req), sourceIPAddress: sourceIpOf(req), requestId, hostId });
  } catch (error) {
    // As on AWS, the object is stored whether or not its notification could be sent.
    options.onError?.(`local S3: the notification of ${bucket}/${object.key} failed: ${(error as Error).message}`);
  }
}

function sendXml(res: ServerResponse, status: number, body: string) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/xml');
  res.end(body);
}
