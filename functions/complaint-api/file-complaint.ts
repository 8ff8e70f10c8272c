// Intake: a complaint filed by a customer (or by staff on the customer's behalf) is stored as RECEIVED,
// with provisional deadlines (the regulator's limits only, on the calendar in force: routing knows the
// segment and its promise, which can only shorten them). That one write is all: the stored complaint is
// the routing outbox (shared/adapters/complaint-outbox.ts), so nothing is published here and nothing
// stored can be left unrouted by a publish that failed.
//
// Idempotency-Key: the key, scoped to the caller, is stored in the same transaction as the complaint with
// a digest of the request; the transaction's condition on the key finds a retry, so a first filing costs
// one write and no read. The same key with the same request answers what the first answered; the same
// key with another request is refused with 422.
import { createHash, randomBytes } from 'node:crypto';
import { receiveComplaint } from '../../shared/domain/complaints/complaint';
import type { ComplaintCategory } from '../../shared/domain/complaints/categories';
import { dueTimesFor } from '../../shared/adapters/complaint-due-times';
import type { CalendarSource } from '../../shared/adapters/complaint-calendars';
import type { ComplaintIntake, ComplaintRecord, StoredHistoryEntry } from '../../shared/adapters/complaint-records';
import type { ComplaintSettings } from '../../shared/adapters/complaint-settings';
import type { ComplaintStore } from '../../shared/adapters/complaint-store';
import { HttpProblem } from '../../shared/http/problems';

export interface IntakeDeps {
  readonly store: Pick<ComplaintStore, 'create' | 'get'>;
  readonly settings: ComplaintSettings;
  /** The jurisdiction's calendar in force: the shipped years and those an admin stored. */
  readonly calendar: CalendarSource;
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

export async function fileComplaint(deps: IntakeDeps, request: IntakeRequest): Promise<IntakeAnswer> {
  const digest = requestDigest(request);
  const scope = request.intake.filedBy.subject;
  const receivedAt = deps.now();
  const calendar = await deps.calendar.current();
  const id = (deps.newComplaintId ?? newComplaintId)(receivedAt);
  const complaint = receiveComplaint({
    id,
    customerId: request.customerId,
    receivedAt,
    ...(request.category ? { category: request.category } : {}),
    deadlines: dueTimesFor({ ...deps.settings, calendar }, { receivedAt, ...(request.category ? { category: request.category } : {}) }),
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
  // A retry, or two retries racing with the same key: the first stored it; answer as it did.
  if (created.outcome === 'duplicate') return replay(deps, created.existing, digest);
  return { complaintId: id, status: 'RECEIVED', receivedAt: complaint.receivedAt, replayed: false };
}

async function replay(deps: IntakeDeps, existing: { requestDigest: string; complaintId: string }, digest: string): Promise<IntakeAnswer> {
  if (existing.requestDigest !== digest) throw idempotencyMismatch();
  const record = await deps.store.get(existing.complaintId);
  if (!record) throw new Error('an idempotency key names a complaint that is not stored');
  return { complaintId: record.complaint.id, status: 'RECEIVED', receivedAt: record.complaint.receivedAt, replayed: true };
}
