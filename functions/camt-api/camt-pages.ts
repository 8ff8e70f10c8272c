// Processing records and rejections → their views and pages. Cursors are bound to the listing (files)
// or to the file (rejections), and the position each carries is checked for its own key shape before it
// reaches DynamoDB: a forged cursor is a 400, never a 500.
import type { CamtFileView } from '../../shared/contracts/api/camt-files';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor';
import { problems } from '../../shared/http/problems';
import { listingKey, totalsOf, type CamtFileRecord, type RejectedEntry } from '../../shared/iso20022/adapters/camt-ingestion-store';

const FILES_SCOPE = 'camt-files';
const rejectionsScope = (fileId: string) => `camt-rejections\u0000${fileId}`;
/** A listing key: the receipt's UTC instant (toISOString), '#', a file id. */
const LISTING_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[fm]-[A-Za-z0-9-]{1,136}$/;
const ORDINAL = /^(0|[1-9]\d{0,9})$/;

const notThisCursor = (what: string) => problems.invalidRequest([{ field: 'query.cursor', message: `is not a cursor of ${what}` }]);

export function fileView(r: CamtFileRecord): CamtFileView {
  const s = r.source;
  return {
    fileId: r.fileId,
    // A single message's body stays in the table: it holds names and remittance text.
    source: s.kind === 'S3' ? { kind: 'S3', bucket: s.bucket, key: s.key, versionId: s.versionId ?? null, size: s.size ?? null } : { kind: 'MESSAGE', messageId: s.messageId },
    receivedAt: r.receivedAt,
    status: r.status,
    run: r.run,
    message: r.message ?? null,
    reason: r.reason ?? null,
    finishedAt: r.finishedAt ?? null,
    counts: totalsOf(r),
  };
}

export function filesAfter(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor, FILES_SCOPE);
  if (position === undefined || !LISTING_KEY.test(position)) throw notThisCursor('the camt files listing');
  return position;
}

export const filesCursor = (last: CamtFileRecord) => encodeCursor(listingKey(last), FILES_SCOPE);

export function rejectionsAfter(fileId: string, cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor, rejectionsScope(fileId));
  if (position === undefined || !ORDINAL.test(position)) throw notThisCursor("this file's rejections");
  return Number(position);
}

export const rejectionsCursor = (fileId: string, last: RejectedEntry) => encodeCursor(String(last.ordinal), rejectionsScope(fileId));

export const rejectionView = (r: RejectedEntry) => ({ ordinal: r.ordinal, position: r.position, reason: r.reason, run: r.run });
