// POST /complaints/{id}/transitions: read, let the lifecycle decide, write on the condition of the version
// read. Two handlers moving the same complaint at once both read version N; the first write makes it
// N+1 and the second fails its condition: 409, and nothing of it is kept.
import { transition, type Actor, type RejectionCode } from '../../shared/domain/complaints/lifecycle';
import type { Resolution } from '../../shared/domain/complaints/resolution';
import type { CustomerFactsSource } from '../../shared/adapters/complaint-customer-facts';
import { dueTimesFor } from '../../shared/adapters/complaint-due-times';
import type { ComplaintRecord } from '../../shared/adapters/complaint-records';
import type { ComplaintSettings } from '../../shared/adapters/complaint-settings';
import type { CalendarSource } from '../../shared/adapters/complaint-calendars';
import type { ServiceLevelsSource } from '../../shared/adapters/complaint-service-levels';
import type { ComplaintStore } from '../../shared/adapters/complaint-store';
import { HttpProblem, problems } from '../../shared/http/problems';
import type { TransitionRequest } from '../../shared/contracts/api/complaints';

export interface MoveDeps {
  readonly store: Pick<ComplaintStore, 'get' | 'save'>;
  readonly facts: CustomerFactsSource;
  readonly settings: ComplaintSettings;
  readonly calendar: CalendarSource;
  readonly serviceLevels: ServiceLevelsSource;
  readonly now: () => string;
}

export const versionConflict = (detail: string) =>
  new HttpProblem({ type: '/problems/complaint-changed', title: 'The complaint changed', status: 409, detail });

const refusal = (code: RejectionCode, reason: string): HttpProblem => {
  switch (code) {
    case 'ACTOR_NOT_ALLOWED':
      return problems.forbidden(reason);
    case 'RESOLUTION_REQUIRED':
    case 'INVALID_RESOLUTION':
      return problems.invalidBody([{ field: 'body.resolution', message: reason }]);
    default:
      // INVALID_TRANSITION, REOPEN_WINDOW_CLOSED, OUT_OF_ORDER: the complaint's state forbids the move.
      return new HttpProblem({ type: '/problems/transition-not-allowed', title: 'Not allowed from the complaint\'s state', status: 409, detail: `${code}: ${reason}` });
  }
};

/** Reads the complaint as `actor` may see it: a customer asking for anything not its own gets 404. */
export async function readAs(store: Pick<ComplaintStore, 'get'>, complaintId: string, actor: { role: string; id: string } | undefined): Promise<ComplaintRecord> {
  const record = await store.get(complaintId);
  if (!record || (actor?.role === 'CUSTOMER' && record.complaint.customerId !== actor.id)) throw problems.notFound('No complaint with this id.');
  return record;
}

export async function moveComplaint(deps: MoveDeps, complaintId: string, actor: Actor, body: TransitionRequest): Promise<ComplaintRecord> {
  const record = await readAs(deps.store, complaintId, actor);
  const { complaint } = record;
  if (body.expectedVersion !== undefined && body.expectedVersion !== complaint.version) {
    throw versionConflict(`The complaint is at version ${complaint.version}, not ${body.expectedVersion}: read it again.`);
  }
  const at = new Date(Math.max(Date.parse(deps.now()), Date.parse(complaint.updatedAt))).toISOString();
  // A reopened complaint is owed a new answer: its deadlines start again from the reopening.
  // The promise in force at the reopening applies, as for a complaint routed now.
  const deadlines =
    body.to === 'REOPENED'
      ? dueTimesFor({ ...deps.settings, calendar: await deps.calendar.current() }, {
          receivedAt: at,
          promise: { segment: (await deps.facts.factsOf(complaint.customerId)).segment, serviceLevels: await deps.serviceLevels.current() },
          ...(complaint.category ? { category: complaint.category } : {}),
        })
      : undefined;
  const result = transition(complaint, {
    to: body.to,
    actor,
    at,
    ...(body.note ? { note: body.note } : {}),
    ...(body.resolution ? { resolution: body.resolution as Resolution } : {}),
    ...(deadlines ? { deadlines } : {}),
  });
  if (!result.ok) throw refusal(result.rejection.code, result.rejection.reason);
  const next: ComplaintRecord = { ...record, complaint: result.complaint };
  const saved = await deps.store.save(next, complaint, [result.entry]);
  if (saved === 'conflict') throw versionConflict('Someone else moved this complaint at the same time: read it again.');
  return next;
}
