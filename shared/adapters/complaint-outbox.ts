// The routing outbox: the complaint item itself. Intake stores a complaint RECEIVED and publishes
// nothing; the complaints table's stream (NEW_IMAGE) carries every write of a complaint item that is
// still RECEIVED to the router, which routes it by a write conditioned on the version it read. So a
// complaint is routed if and only if it was stored, and once: a stream retry, or a second record of the
// same complaint, finds it ROUTED and does nothing but announce the routing again under the same event id.
//
// Why not PutEvents from the API: a publish that fails after the write (without an Idempotency-Key the
// caller has no safe retry) left the complaint RECEIVED for good. Why not a separate outbox item: the
// complaint item's own INSERT is already in the same write, and carries what the router needs.
//
// Past the stream (its retries exhausted, or records older than its age limit), the breach scan sweeps:
// complaints RECEIVED longer than OUTBOX_SWEEP_AFTER_MS are touched (`outboxSweptAt`), a MODIFY of an
// item still RECEIVED, which the same filter passes to the router again.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { ComplaintRecord } from './complaint-records';
import { fromItem } from './complaint-store';
import { COMPLAINT_SK } from './complaint-table-keys';

const COMPLAINT_PK_PREFIX = 'COMPLAINT#';

/**
 * The event source mapping's filter (EventBridge pattern syntax over the stream record): complaint items,
 * inserted or modified, whose new image is RECEIVED. The router's own write (ROUTED) never matches, nor do
 * history, idempotency, knowledge or calendar items.
 */
export const ROUTING_OUTBOX_FILTER = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: {
    Keys: { SK: { S: [COMPLAINT_SK] } },
    NewImage: { complaint: { M: { status: { S: ['RECEIVED'] } } } },
  },
} as const;

/**
 * A complaint left RECEIVED this long is swept back into the stream. The stream gives a failing batch up
 * well before (a few retries, halved down to the failing record), so that one bad record does not hold
 * up the shard; the sweep then retries it every breach scan until it is routed.
 */
export const OUTBOX_SWEEP_AFTER_MS = 15 * 60_000;

export type OutboxEntry =
  | { readonly complaintId: string; readonly record?: ComplaintRecord }
  | { readonly unreadable: string };

/** The complaint a stream record announces, with its image when the record carries one that reads. */
export function outboxEntry(record: DynamoDBRecord): OutboxEntry {
  const pk = record.dynamodb?.Keys?.PK?.S;
  if (!pk?.startsWith(COMPLAINT_PK_PREFIX) || record.dynamodb?.Keys?.SK?.S !== COMPLAINT_SK) {
    return { unreadable: 'the stream record is not of a complaint item (Keys.PK, Keys.SK)' };
  }
  const complaintId = pk.slice(COMPLAINT_PK_PREFIX.length);
  const image = record.dynamodb?.NewImage as Record<string, AttributeValue> | undefined;
  if (!image) return { complaintId };
  try {
    const stored = fromItem(image);
    // An image that does not read as a complaint is read again from the table instead.
    return stored.complaint?.id === complaintId && stored.intake ? { complaintId, record: stored } : { complaintId };
  } catch {
    return { complaintId };
  }
}
