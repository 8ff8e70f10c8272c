// After a load has written every range: each customer of the base is assessed once — the trailing
// year's contributions computed from the stored items and a first (or refreshed) segment settled and
// published — in parallel-scan segments that continue across invocations, as the recalibration does.
// When the last segment is done, one recalibration (the one POST /admin/segmentation-recalibrations
// starts) sets the MVC threshold over the whole new base and moves whoever is on the wrong side of it.
import type { SegmentEventsPublisher } from '../../adapters/segment-events';
import type { SegmentIndexStore } from '../../adapters/segment-index-store';
import type { WorkQueue } from '../../adapters/segment-work-queue';
import { addMonths, reportingMonthOf } from '../../domain/segmentation/reporting-calendar';
import { startRecalibration } from '../../segmentation/recalibration';
import { reevaluateCustomer, type ReevaluationDeps } from '../../segmentation/reevaluate-customer';
import { publishPending, RosterCache } from '../../segmentation/settle-assignment';
import type { StoredAssignment } from '../../segmentation/stored-assignment';
import type { CustomerScan } from '../adapters/customer-scan';
import type { LoadQueue } from '../adapters/load-work-queue';
import type { LoadStore } from '../adapters/load-store';
import type { AssessWork } from '../domain/load-messages';
import { mapBounded } from './bounded';

export type AssessDeps = Omit<ReevaluationDeps, 'now' | 'rosters'> & {
  scan: CustomerScan;
  events: SegmentEventsPublisher;
  store: ReevaluationDeps['store'];
  loads: LoadStore;
  queue: LoadQueue;
  /** The recalibration's own index store and work queue, to start one run after the assessment. */
  recalibration: { index: SegmentIndexStore; queue: WorkQueue; totalSegments: number };
  now: () => Date;
  remainingMs: () => number;
  safetyMarginMs?: number;
  customersInFlight?: number;
};

/**
 * Sort keys that name every month of the trailing year: what a stream batch would name if each month
 * had changed, so the re-evaluation recomputes them all (affected-months.ts reads a BAL# key's month).
 */
export function trailingYearKeys(now: Date, timeZone: string): string[] {
  const asOf = reportingMonthOf(now.toISOString(), timeZone);
  return [...Array.from({ length: 12 }, (_, i) => `BAL#${addMonths(asOf, -i)}-01#`), 'PROFILE'];
}

export async function assessCustomers(deps: AssessDeps, m: AssessWork): Promise<{ assessed: number; continued: boolean }> {
  const { parameters } = await deps.config.current({ fresh: true });
  const keys = trailingYearKeys(deps.now(), parameters.reportingTimeZone);
  const timeLeft = () => deps.remainingMs() > (deps.safetyMarginMs ?? 30_000);
  let startKey = m.startKey;
  let assessed = 0;
  const rosters = new RosterCache(deps.store); // per message, as the recalibration's movers do
  do {
    const page = await deps.scan.page(m.segment, m.totalSegments, startKey);
    const now = deps.now();
    const outcomes = await mapBounded(page.customerIds, deps.customersInFlight ?? 16, (id) => reevaluateCustomer({ store: deps.store, config: deps.config, rosters, now }, id, keys));
    await publishPending(deps.store, deps.events, outcomes.flatMap((o): StoredAssignment[] => (o.kind === 'EVALUATED' ? [o.stored] : [])));
    assessed += page.customerIds.length;
    startKey = page.next;
  } while (startKey && timeLeft());
  if (startKey) {
    await deps.queue.send([{ ...m, startKey }]);
    return { assessed, continued: true };
  }
  if (await deps.loads.completeAssessSegment(m.loadId, m.segment, m.totalSegments)) {
    // Named by its start, as runs started by the API are, so GET /admin/segmentation-recalibrations/{runId} reads it.
    const at = deps.now().toISOString();
    const runId = at;
    await startRecalibration(deps.recalibration, runId, deps.recalibration.totalSegments, at);
    await deps.loads.complete(m.loadId, at, runId);
  }
  return { assessed, continued: false };
}
