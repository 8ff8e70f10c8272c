// When a complaint must be acknowledged and resolved: the shorter of the segment's service target and
// the regulator's limit (MISSION.md: "A segment can only shorten a deadline, never extend it past the
// regulator's"). Both are computed and kept, so that a breach can say whether it broke the bank's promise
// or the law. Calendar or business days: as each regulation says, see regulatory-limits.ts.
import { type BusinessCalendar, describeDuration, dueAfter, dueAfterOnKnownCalendar, type Duration } from './business-calendar';
import type { DeadlineExtension, RegulatoryLimit, RegulatoryRegime } from './regulatory-limits';
import { promisedService, type Segment, type ServiceLevels } from './promised-service';

export const DEADLINE_KINDS = ['ACKNOWLEDGEMENT', 'RESOLUTION'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export type DeadlineGovernor = 'SEGMENT_TARGET' | 'REGULATORY_LIMIT';

export interface Deadline {
  readonly kind: DeadlineKind;
  /** The binding due time (ISO, UTC): on time up to and including this instant. */
  readonly dueAt: string;
  readonly governedBy: DeadlineGovernor;
  readonly targetDueAt?: string;
  /** The regulator's limit for this deadline, if it sets one; breaching it is a regulatory breach. */
  readonly regulatoryDueAt?: string;
  /**
   * The deadline (or the regulator's limit beside it) reaches past the known calendar: counted with the
   * unknown days as working days, so never later than the true one, and to be confirmed once the year's
   * holidays are published.
   */
  readonly beyondKnownCalendar?: true;
  readonly reasons: readonly string[];
}

export interface ComplaintDeadlines {
  readonly acknowledgement: Deadline;
  readonly resolution: Deadline;
  /** UK: resolved by then, the complaint may be closed with a summary resolution communication. */
  readonly summaryResolutionUntil?: string;
}

export interface DeadlineInput {
  readonly receivedAt: string;
  /**
   * The customer's segment and the service levels in force (segmentation parameters): the segment's
   * promise applies. Without them (at intake, before routing knows the segment) only the regulator's
   * limits bind: provisional deadlines that routing can only shorten.
   */
  readonly promise?: { readonly segment: Segment; readonly serviceLevels: ServiceLevels };
  readonly regime: RegulatoryRegime;
  readonly calendar: BusinessCalendar;
  /** A payment-services complaint (UK PSRs 2017 / EMRs 2011 limits apply). */
  readonly paymentService?: boolean;
  readonly extension?: DeadlineExtension;
}

const earliest = (a: string, b: string) => (Date.parse(a) <= Date.parse(b) ? a : b);

interface Candidate {
  readonly dueAt: string;
  readonly governedBy: DeadlineGovernor;
  readonly reason: string;
  readonly beyondKnownCalendar: boolean;
}

const beyond = (calendar: BusinessCalendar) => (calendar.knownThrough ? `; counted past the known calendar (${calendar.knownThrough}) with unknown days as working days` : '');

const target = (receivedAt: string, duration: Duration, calendar: BusinessCalendar, segment: Segment): Candidate => {
  const due = dueAfterOnKnownCalendar(receivedAt, duration, calendar);
  return {
    ...due,
    governedBy: 'SEGMENT_TARGET',
    reason: `${segment} target: ${describeDuration(duration)}${due.beyondKnownCalendar ? beyond(calendar) : ''}`,
  };
};

const limit = (receivedAt: string, regulatory: RegulatoryLimit, calendar: BusinessCalendar): Candidate => {
  const due = dueAfterOnKnownCalendar(receivedAt, regulatory.duration, calendar);
  return {
    ...due,
    governedBy: 'REGULATORY_LIMIT',
    reason: `${regulatory.citation} (${describeDuration(regulatory.duration)})${due.beyondKnownCalendar ? beyond(calendar) : ''}`,
  };
};

// The earliest candidate binds; on a tie the regulator is named, since that is the deadline that matters
// most if it is missed.
const bind = (kind: DeadlineKind, candidates: readonly Candidate[], regulatoryDueAt: string | undefined, targetDueAt: string | undefined): Deadline => {
  const binding = candidates.reduce((best, c) =>
    Date.parse(c.dueAt) < Date.parse(best.dueAt) || (c.dueAt === best.dueAt && c.governedBy === 'REGULATORY_LIMIT') ? c : best,
  );
  return {
    kind,
    dueAt: binding.dueAt,
    governedBy: binding.governedBy,
    ...(targetDueAt ? { targetDueAt } : {}),
    ...(regulatoryDueAt ? { regulatoryDueAt } : {}),
    ...(candidates.some((c) => c.beyondKnownCalendar) ? { beyondKnownCalendar: true as const } : {}),
    reasons: [
      `binding: ${binding.reason}`,
      ...candidates.filter((c) => c !== binding).map((c) => `later: ${c.reason} at ${c.dueAt}`),
    ],
  };
};

export const resolutionLimitFor = (regime: RegulatoryRegime, extension: DeadlineExtension, paymentService: boolean): RegulatoryLimit =>
  (paymentService && regime.paymentServicesResolution ? regime.paymentServicesResolution : regime.resolution)[extension];

export const complaintDeadlines = (input: DeadlineInput): ComplaintDeadlines => {
  const { receivedAt, regime, calendar } = input;
  const promise = input.promise ? { segment: input.promise.segment, ...promisedService(input.promise.segment, input.promise.serviceLevels) } : undefined;

  const resolutionLimit = limit(receivedAt, resolutionLimitFor(regime, input.extension ?? 'STANDARD', input.paymentService ?? false), calendar);
  const resolutionTarget = promise?.resolution ? target(receivedAt, promise.resolution, calendar, promise.segment) : undefined;
  const resolution = bind(
    'RESOLUTION',
    resolutionTarget ? [resolutionTarget, resolutionLimit] : [resolutionLimit],
    resolutionLimit.dueAt,
    resolutionTarget?.dueAt,
  );

  // An acknowledgement is never due after the answer itself: where the regulation sets no number for it,
  // the resolution limit bounds it.
  const ackTarget = promise ? target(receivedAt, promise.firstResponse, calendar, promise.segment) : undefined;
  const ackLimit = regime.acknowledgement
    ? limit(receivedAt, regime.acknowledgement, calendar)
    : { ...resolutionLimit, reason: `no acknowledgement period set; bounded by ${resolutionLimit.reason}` };
  const ackRegulatoryDueAt = earliest(ackLimit.dueAt, resolutionLimit.dueAt);
  const ackCandidates = [...(ackTarget ? [ackTarget] : []), { ...ackLimit, dueAt: ackRegulatoryDueAt }];
  const acknowledgement = bind('ACKNOWLEDGEMENT', ackCandidates, ackRegulatoryDueAt, ackTarget?.dueAt);

  return {
    acknowledgement,
    resolution,
    ...(regime.summaryResolution ? { summaryResolutionUntil: dueAfter(receivedAt, regime.summaryResolution.duration, calendar) } : {}),
  };
};
