// Intake: a complaint filed by a customer (or by staff on the customer's behalf) is stored as RECEIVED,
// with provisional deadlines (the regulator's limits only: routing knows the segment and its promise,
// which can only shorten them), and ComplaintReceived is published for the router.
//
// Idempotency-Key: the key, scoped to the caller, is stored in the same transaction as the complaint with
// a digest of the request. The same key with the same request answers what the first answered (and
// publishes ComplaintReceived again while the complaint is still RECEIVED, in case the first publish was
// lost); the same key with another request is refused with 422.
import { createHash, randomBytes } from 'node:crypto';
import { receiveComplaint } from '../../shared/domain/complaints/complaint';
import type { ComplaintCategory } from '../../shared/domain/complaints/categories';
import { dueTimesFor } from '../../shared/adapters/complaint-due-times';
import { receivedDetail } from '../../shared/adapters/complaint-event-details';
import type { ComplaintEventSink } from '../../shared/adapters/complaint-event-publisher';
import type { ComplaintIntake, ComplaintRecord, StoredHistoryEntry } from '../../shared/adapters/complaint-records';
import type { ComplaintSettings } from '../../shared/adapters/complaint-settings';
import type { ComplaintStore } from '../../shared/adapters/complaint-store';
import { HttpProblem } from '../../shared/http/problems';

export interface IntakeDeps {
  readonly store: Pick<ComplaintStore, 'create' | 'get' | 'idempotencyRecord'>;
  readonly events: ComplaintEventSink;
  readonly settings: ComplaintSettings;
  readonly now: () => string;
  readonly newComplaintId?: (receivedAt: string) => string;
}

export interface IntakeRequest {
  readonly customerId: string;
  readonly category?: ComplaintCategory;
  readonly intake: ComplaintIntake;
  readonly idempotencyKey?: string;
}

export interface IntakeAnswer {
  readonly complaintId: string;
  readonly status: 'RECEIVED';
  readonly receivedAt: string;
  readonly replayed: boolean;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** CMP-<yyyymmdd>-<10 random Crockford characters>: readable on the phone, unguessable, sortable by day. */
export const newComplaintId = (receivedAt: string) => {
  const bytes = randomBytes(10);
  return `CMP-${receivedAt.slice(0, 10).replaceAll('-', '')}-${[...bytes].map((b) => CROCKFORD[b % 32]).join('')}`;
};

const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined).map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
      : value;

/** What makes two requests "the same": who it is for and everything the caller said, not who filed it when. */
export const requestDigest = (request: IntakeRequest) => {
  const { filedBy: _by, ...said } = request.intake;
  return createHash('sha256').update(JSON.stringify(canonical({ customerId: request.customerId, category: request.category, ...said }))).digest('base64url');
};

export const idempotencyMismatch = () =>
  new HttpProblem({
    type: '/problems/idempotency-key-reused',
    title: 'Idempotency-Key already used for another request',
    status: 422,
    detail: 'This Idempotency-Key was used with a different request. Use a new key for a new complaint.',
    errors: [{ field: 'header.idempotency-key', message: 'was used with a different request body' }],
  });

export const publishFailed = () =>
  new HttpProblem({
    type: 'about:blank',
    title: 'Service Unavailable',
    status: 503,
    detail: 'The complaint is stored but could not be passed on yet: retry with the same Idempotency-Key.',
    headers: { 'Retry-After': '1' },
  });

export async function fileComplaint(deps: IntakeDeps, request: IntakeRequest): Promise<IntakeAnswer> {
  const digest = requestDigest(request);
  const scope = request.intake.filedBy.subject;
  if (request.idempotencyKey) {
    const existing = await deps.store.idempotencyRecord(scope, request.idempotencyKey);
    if (existing) return replay(deps, existing, digest);
  }

  const receivedAt = deps.now();
  const id = (deps.newComplaintId ?? newComplaintId)(receivedAt);
  const complaint = receiveComplaint({
    id,
    customerId: request.customerId,
    receivedAt,
    ...(request.category ? { category: request.category } : {}),
    deadlines: dueTimesFor(deps.settings, { receivedAt, ...(request.category ? { category: request.category } : {}) }),
  });
  const record: ComplaintRecord = { complaint, intake: request.intake };
  const receipt: StoredHistoryEntry = {
    complaintId: id,
    version: 1,
    kind: 'RECEIPT',
    to: 'RECEIVED',
    actor: { role: request.intake.filedBy.role, id: request.intake.filedBy.subject },
    at: complaint.receivedAt,
    note: `received through ${request.intake.channel}`,
  };
  const created = await deps.store.create(
    record,
    receipt,
    request.idempotencyKey ? { callerScope: scope, key: request.idempotencyKey, requestDigest: digest } : undefined,
  );
  // Two retries raced with the same key: the other one stored it; answer as it did.
  if (created.outcome === 'duplicate') return replay(deps, created.existing, digest);
  await publishReceived(deps, record);
  return { complaintId: id, status: 'RECEIVED', receivedAt: complaint.receivedAt, replayed: false };
}

async function replay(deps: IntakeDeps, existing: { requestDigest: string; complaintId: string }, digest: string): Promise<IntakeAnswer> {
  if (existing.requestDigest !== digest) throw idempotencyMismatch();
  const record = await deps.store.get(existing.complaintId);
  if (!record) throw new Error('an idempotency key names a complaint that is not stored');
  if (record.complaint.status === 'RECEIVED') await publishReceived(deps, record);
  return { complaintId: record.complaint.id, status: 'RECEIVED', receivedAt: record.complaint.receivedAt, replayed: true };
}

async function publishReceived(deps: IntakeDeps, record: ComplaintRecord) {
  try {
    await deps.events.publish([{ detailType: 'ComplaintReceived', detail: receivedDetail(record) }]);
  } catch {
    throw publishFailed();
  }
}
