// What arrives on the camt file queue: S3's object-created notifications (and the s3:TestEvent S3
// sends when the notification is configured), and our own work messages: the continuation of a file
// too large for one invocation, and a staff redrive.
import { createHash } from 'node:crypto';

export type FileWork = {
  kind: 'CAMT_FILE';
  fileId: string;
  bucket: string;
  key: string;
  versionId?: string;
  size?: number;
  /** Absent on a first notification: the next run of the file. */
  run?: number;
  part: number;
  /** Items (balances and entries, in document order) finished by earlier parts of the run. */
  resumeAfter: number;
};

/**
 * A staff redrive (POST /admin/camt-files/{fileId}/redrives): run `run` of the file or single message
 * the record names, read again from its source.
 */
export type RedriveWork = { kind: 'CAMT_REDRIVE'; fileId: string; run: number };

export type QueueMessage =
  | { kind: 'TEST_EVENT' }
  | { kind: 'WORK'; work: FileWork[] }
  | { kind: 'REDRIVE'; redrive: RedriveWork }
  | { kind: 'INVALID'; reason: string };

/** One id per object version: the same version notified twice is the same file. */
export const fileIdOf = (bucket: string, key: string, versionId?: string) =>
  `f-${createHash('sha256').update(JSON.stringify([bucket, key, versionId ?? ''])).digest('hex').slice(0, 32)}`;

type S3Record = { eventSource?: string; eventName?: string; s3?: { bucket?: { name?: string }; object?: { key?: string; versionId?: string; size?: number } } };

export function parseQueueMessage(body: string): QueueMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'INVALID', reason: 'body: not JSON' };
  }
  const o = json as { Event?: string; Records?: S3Record[]; kind?: string };
  if (o?.Event === 's3:TestEvent') return { kind: 'TEST_EVENT' };
  if (o?.kind === 'CAMT_REDRIVE') {
    const r = o as unknown as RedriveWork;
    if (typeof r.fileId !== 'string' || !Number.isInteger(r.run) || r.run < 1) return { kind: 'INVALID', reason: 'body: a CAMT_REDRIVE message needs fileId and run (an integer from 1)' };
    return { kind: 'REDRIVE', redrive: { kind: 'CAMT_REDRIVE', fileId: r.fileId, run: r.run } };
  }
  if (o?.kind === 'CAMT_FILE') {
    const w = o as unknown as FileWork;
    if (typeof w.fileId !== 'string' || typeof w.bucket !== 'string' || typeof w.key !== 'string' || !Number.isInteger(w.part) || !Number.isInteger(w.resumeAfter)) {
      return { kind: 'INVALID', reason: 'body: a CAMT_FILE work message needs fileId, bucket, key, part and resumeAfter' };
    }
    return { kind: 'WORK', work: [w] };
  }
  if (!Array.isArray(o?.Records)) return { kind: 'INVALID', reason: 'body: neither an S3 event notification nor a camt work message' };
  const work: FileWork[] = [];
  for (const [i, r] of o.Records.entries()) {
    if (r.eventSource !== 'aws:s3' || !r.eventName?.startsWith('ObjectCreated:')) continue;
    const bucket = r.s3?.bucket?.name;
    const rawKey = r.s3?.object?.key;
    if (!bucket || rawKey === undefined) return { kind: 'INVALID', reason: `Records[${i}].s3: bucket.name and object.key are required` };
    // S3 URL-encodes the key in notifications, with + for spaces.
    const key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    const versionId = r.s3?.object?.versionId || undefined;
    work.push({ kind: 'CAMT_FILE', fileId: fileIdOf(bucket, key, versionId), bucket, key, versionId, size: r.s3?.object?.size, part: 0, resumeAfter: 0 });
  }
  return { kind: 'WORK', work };
}
