// One complaint stored RECEIVED (the outbox: complaint-outbox.ts) → the complaint routed: classified,
// assessed, prioritised, queued, assigned, given its deadlines, moved to ROUTED by a write conditioned on
// the version it was read at, and announced (ComplaintReceived and ComplaintRouted in one PutEvents).
//
// Idempotent under redelivery: a complaint already routed is not routed again; its ComplaintRouted is
// published again (same eventId) in case the earlier delivery stored the routing but died before
// publishing. A lost race (an escalation, a withdrawal) is read again and retried.
import { largestAmountInText } from '../../shared/domain/complaints/amounts-in-text';
import { DAY_MS } from '../../shared/domain/complaints/business-calendar';
import { transition } from '../../shared/domain/complaints/lifecycle';
import { DEFAULT_ROUTING_CONFIG, routeComplaint } from '../../shared/domain/complaints/routing';
import { DEFAULT_SEVERITY_CONFIG } from '../../shared/domain/complaints/severity';
import type { BatchFactsSource } from '../../shared/adapters/complaint-customer-facts';
import { dueTimesFor } from '../../shared/adapters/complaint-due-times';
import { escalatedDetail, receivedDetail, routedDetail } from '../../shared/adapters/complaint-event-details';
import type { ComplaintEvent, ComplaintEventSink } from '../../shared/adapters/complaint-event-publisher';
import type { ComplaintRecord } from '../../shared/adapters/complaint-records';
import type { ComplaintSettings } from '../../shared/adapters/complaint-settings';
import type { ServiceLevelsSource } from '../../shared/adapters/complaint-service-levels';
import type { CalendarSource } from '../../shared/adapters/complaint-calendars';
import { deadlinesBeyondKnownCalendar } from '../../shared/domain/complaints/complaint';
import type { ComplaintStore } from '../../shared/adapters/complaint-store';
import { RoutingReads } from './batch-reads';

export interface RouterDeps {
  readonly store: Pick<ComplaintStore, 'get' | 'save' | 'receivedSince'>;
  /** The customers' facts, a stream batch's at once. */
  readonly facts: BatchFactsSource;
  readonly events: ComplaintEventSink;
  readonly settings: ComplaintSettings;
  /** What each segment is promised: the segmentation parameters, as GET /me/service-tier shows them. */
  readonly serviceLevels: ServiceLevelsSource;
  /** The jurisdiction's calendar in force: official years and the years an admin stored. */
  readonly calendar: CalendarSource;
  readonly now: () => string;
}

export type RoutingOutcome =
  | {
      readonly status: 'routed';
      readonly queue: string;
      readonly priority: string;
      readonly escalated: boolean;
      /** A deadline was counted past the known calendar: conservative, flagged on the complaint. */
      readonly beyondKnownCalendar: boolean;
    }
  | { readonly status: 'already-routed' }
  | { readonly status: 'not-routable'; readonly reason: string };

const ROUTER_ACTOR = { role: 'SYSTEM', id: 'complaint-router' } as const;
const MAX_ATTEMPTS = 3;
const REPEAT_WINDOW_DAYS = DEFAULT_SEVERITY_CONFIG.repeatWindowDays;

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/** The amount in the description that goes furthest past its currency's threshold, relative to it. */
const writtenAmount = (description: string, thresholds: Readonly<Record<string, number>>) => {
  let best: { minor: number; currency: string } | undefined;
  for (const [currency, threshold] of Object.entries(thresholds)) {
    const minor = largestAmountInText(description, currency);
    if (minor !== undefined && (!best || minor / threshold > best.minor / thresholds[best.currency]!)) best = { minor, currency };
  }
  return best;
};

/**
 * Routes the stored complaint `complaintId`. `asWritten` is the item as the stream carried it: the first
 * attempt starts from it without a read; its save is conditioned on its version all the same, so a stale
 * image costs one lost race and a read, never a wrong routing. `reads` are shared by the complaints of
 * one stream batch (route-record.ts); alone, a complaint reads for itself.
 */
export async function routeStoredComplaint(
  deps: RouterDeps,
  complaintId: string,
  asWritten?: ComplaintRecord,
  reads: RoutingReads = new RoutingReads(deps),
): Promise<RoutingOutcome> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const record = attempt === 1 && asWritten ? asWritten : await deps.store.get(complaintId);
    if (!record) return { status: 'not-routable', reason: `no complaint ${complaintId} is stored` };
    if (record.complaint.status !== 'RECEIVED') {
      await republishRouted(deps, record);
      return { status: 'already-routed' };
    }

    const { complaint, intake } = record;
    const since = new Date(Date.parse(complaint.receivedAt) - REPEAT_WINDOW_DAYS * DAY_MS).toISOString();
    // Independent reads, side by side, shared with the stream batch's other complaints (batch-reads.ts):
    // the customer's facts, their recent complaints, the promise and the calendar in force.
    const [facts, previousComplaintTimes, serviceLevels, calendar] = await Promise.all([
      reads.factsOf(complaint.customerId),
      reads.previousComplaintTimes(complaint.customerId, since, { complaintId: complaint.id, receivedAt: complaint.receivedAt }),
      reads.serviceLevels(),
      reads.calendar(),
    ]);

    // Thresholds are per currency, so the amount is compared in its own currency: no conversion needed.
    // Without a disputed amount on the form, the largest amount the customer wrote in the stage's
    // threshold currencies counts ("8万元", "$80,000").
    const stated = intake.disputedAmount;
    const written = stated ? undefined : writtenAmount(intake.description, deps.settings.disputedAmountThresholds);
    const amount = stated ?? written;
    const threshold = amount ? deps.settings.disputedAmountThresholds[amount.currency] : undefined;
    const decision = routeComplaint(
      {
        complaint: {
          receivedAt: complaint.receivedAt,
          description: intake.description,
          ...(complaint.category ? { category: complaint.category } : {}),
          ...(intake.cfpb ? { cfpb: intake.cfpb } : {}),
          ...(amount && threshold !== undefined ? { disputedAmountReportingMinor: amount.minor } : {}),
          ...(intake.suspectedFraud !== undefined ? { suspectedFraud: intake.suspectedFraud } : {}),
        },
        customer: {
          segment: facts.segment,
          vulnerable: facts.vulnerable,
          previousComplaintTimes,
          ...(facts.relationshipManagerId ? { relationshipManagerId: facts.relationshipManagerId } : {}),
        },
      },
      {
        ...DEFAULT_ROUTING_CONFIG,
        serviceLevels,
        ...(threshold === undefined ? {} : { severity: { ...DEFAULT_SEVERITY_CONFIG, disputedAmountThresholdMinor: threshold } }),
      },
    );
    const deadlines = dueTimesFor({ ...deps.settings, calendar }, {
      receivedAt: complaint.receivedAt,
      promise: { segment: facts.segment, serviceLevels },
      category: decision.category,
    });
    const result = transition(complaint, {
      to: 'ROUTED',
      actor: ROUTER_ACTOR,
      at: later(deps.now(), complaint.updatedAt),
      note: `routed: ${decision.category} → ${decision.queue}, ${decision.priority}, severity ${decision.severity.severity}`,
      routing: {
        category: decision.category,
        queue: decision.queue,
        assignee: decision.assignee,
        priority: decision.priority,
        severity: decision.severity.severity,
        deadlines,
        escalate: decision.escalate,
      },
    });
    if (!result.ok) return { status: 'not-routable', reason: `${result.rejection.code}: ${result.rejection.reason}` };

    const next: ComplaintRecord = {
      ...record,
      complaint: result.complaint,
      routingReasons: decision.reasons,
      classificationConfidence: decision.classification.confidence,
      routed: { version: result.entry.version, at: result.entry.at },
    };
    const saved = await deps.store.save(next, complaint, [result.entry]);
    if (saved === 'conflict') continue;

    const events: ComplaintEvent[] = [
      { detailType: 'ComplaintReceived', detail: receivedDetail(record) },
      { detailType: 'ComplaintRouted', detail: routedDetail(result.complaint, result.entry.version, result.entry.at)! },
    ];
    if (decision.escalate) {
      events.push({
        detailType: 'ComplaintEscalated',
        detail: escalatedDetail(result.complaint, { ...result.entry, escalation: { deadlines: [], priority: { to: result.complaint.priority! } } }, false),
      });
    }
    await deps.events.publish(events);
    return {
      status: 'routed',
      queue: decision.queue,
      priority: result.complaint.priority!,
      escalated: result.complaint.escalated,
      beyondKnownCalendar: deadlinesBeyondKnownCalendar(result.complaint),
    };
  }
  throw new Error(`complaint ${complaintId} kept changing while it was being routed; retrying the record`);
}

/** Announces the stored complaint and its routing again, under the ids they were first announced with. */
async function republishRouted(deps: RouterDeps, record: ComplaintRecord): Promise<void> {
  if (!record.routed) return; // withdrawn before routing: nothing was routed
  const detail = routedDetail(record.complaint, record.routed.version, record.routed.at);
  if (detail) {
    await deps.events.publish([
      { detailType: 'ComplaintReceived', detail: receivedDetail(record) },
      { detailType: 'ComplaintRouted', detail },
    ]);
  }
}
