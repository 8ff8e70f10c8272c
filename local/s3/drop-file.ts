// `npm run drop`: put a file into a bucket of the running local stack through its S3 endpoint, with
// the real S3Client, so that it is announced exactly as a PutObject on AWS is: once per matching
// notification configuration. Without --bucket, the bucket is the one whose notifications take the
// file; without --key, the key is the file's name under the notification's prefix.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createReadStream, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { LocalEndpoints } from '../runtime/local-stack';

export type DropOptions = { file: string; bucket?: string; key?: string };
export type DropResult = { bucket: string; key: string; size: number; etag: string; versionId?: string; notifiedQueues: string[] };

export class DropError extends Error {}

type Notification = NonNullable<LocalEndpoints['s3Notifications']>[number];

const CONTENT_TYPES: Record<string, string> = {
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.ndjson': 'application/x-ndjson',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.gz': 'application/gzip',
};

const takes = (n: Notification, bucket: string, key: string) =>
  n.bucket === bucket && (n.prefix === undefined || key.startsWith(n.prefix)) && (n.suffix === undefined || key.endsWith(n.suffix));

/** The bucket a --bucket value names: its name, its construct path, or one part of that path. */
export function chooseBucket(endpoints: LocalEndpoints, file: string, wanted?: string): { bucket: string; key?: string } {
  const buckets = Object.entries(endpoints.buckets ?? {});
  if (buckets.length === 0) throw new DropError('The running stack has no S3 bucket.');
  const list = buckets.map(([path, name]) => `  ${name}  (${path})`).join('\n');
  if (wanted) {
    const lower = wanted.toLowerCase();
    const exact = buckets.filter(([path, name]) => name === wanted || path === wanted);
    const partial = buckets.filter(([path]) => path.toLowerCase().split('/').some((part) => part.includes(lower)));
    const found = exact.length ? exact : partial;
    if (found.length !== 1) throw new DropError(`${found.length === 0 ? 'No' : 'More than one'} bucket matches '${wanted}'. The stack's buckets:\n${list}`);
    return { bucket: found[0]![1] };
  }
  // The buckets whose notifications would take this file under its own name (or under their prefix).
  const notifications = endpoints.s3Notifications ?? [];
  const candidates = [...new Set(notifications.map((n) => n.bucket))];
  if (candidates.length !== 1) {
    throw new DropError(`${candidates.length === 0 ? 'No bucket of the stack sends notifications' : 'Several buckets send notifications'}: name one with --bucket. The stack's buckets:\n${list}`);
  }
  const bucket = candidates[0]!;
  const name = basename(file);
  const fitting = notifications.find((n) => n.bucket === bucket && takes(n, bucket, `${n.prefix ?? ''}${name}`));
  return { bucket, key: fitting ? `${fitting.prefix ?? ''}${name}` : undefined };
}

export async function dropFile(endpoints: LocalEndpoints, options: DropOptions): Promise<DropResult> {
  if (!endpoints.s3) throw new DropError('The running stack has no local S3 endpoint (its template declares no bucket).');
  let size: number;
  try {
    const stats = statSync(options.file);
    if (!stats.isFile()) throw new Error('not a file');
    size = stats.size;
  } catch {
    throw new DropError(`${options.file} is not a readable file.`);
  }
  const chosen = chooseBucket(endpoints, options.file, options.bucket);
  const key = options.key ?? chosen.key ?? basename(options.file);
  const s3 = new S3Client({ endpoint: endpoints.s3, region: endpoints.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const out = await s3.send(
      new PutObjectCommand({
        Bucket: chosen.bucket,
        Key: key,
        Body: createReadStream(options.file),
        ContentLength: size,
        ContentType: CONTENT_TYPES[extname(options.file).toLowerCase()],
      }),
    );
    const notifiedQueues = (endpoints.s3Notifications ?? []).filter((n) => takes(n, chosen.bucket, key)).map((n) => n.queue);
    return { bucket: chosen.bucket, key, size, etag: out.ETag ?? '', versionId: out.VersionId, notifiedQueues };
  } finally {
    s3.destroy();
  }
}
