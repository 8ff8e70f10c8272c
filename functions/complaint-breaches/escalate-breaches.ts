// The breach scan: every open complaint whose next unescalated deadline has passed is flagged ESCALATED,
// its priority raised one step, and ComplaintEscalated published. The domain escalates each deadline once
// (escalatedDeadlines), and the store's index drops a deadline once it is escalated: a scan that runs
// again, or overlaps another, escalates nothing twice. A complaint changed meanwhile (a handler's
// transition) loses nothing: it is read again and assessed on its new state.
import { assessBreaches } from '../../shared/domain/complaints/breach';
import { escalate } from '../../shared/domain/complaints/lifecycle';
import { escalatedDetail } from '../../shared/adapters/complaint-event-details';
import type { ComplaintEventSink } from '../../shared/adapters/complaint-event-publisher';
import type { ComplaintRecord } from '../../shared/adapters/complaint-records';
import type { BreachScanStore } from '../../shared/adapters/complaint-breach-scan-store';

export interface BreachScanDeps {
  readonly store: Pick<BreachScanStore, 'get' | 'save' | 'dueForBreach'>;
  readonly events: ComplaintEventSink;
}

export interface BreachScanSummary {
  readonly examined: number;
  readonly escalated: number;
  /** Escalations that broke a regulatory limit, not only the bank's own target. */
  readonly regulatory: number;
  /** Complaints that kept changing under the scan; the next run picks them up. */
  readonly contended: number;
  readonly escalations: readonly { complaintId: string; queue?: string; deadlines: readonly string[]; regulatory: boolean }[];
}

const SCAN_ACTOR = { role: 'SYSTEM', id: 'breach-scan' } as const;
const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

export async function escalateBreaches(deps: BreachScanDeps, now: string): Promise<BreachScanSummary> {
  let examined = 0;
  let contended = 0;
  const escalations: BreachScanSummary['escalations'][number][] = [];
  for await (const candidate of deps.store.dueForBreach(now)) {
    examined++;
    const outcome = await escalateOne(deps, candidate, now);
    if (outcome === 'contended') contended++;
    else if (outcome) escalations.push(outcome);
  }
  return { examined, escalated: escalations.length, regulatory: escalations.filter((e) => e.regulatory).length, contended, escalations };
}

async function escalateOne(deps: BreachScanDeps, first: ComplaintRecord, now: string) {
  let record: ComplaintRecord | undefined = first;
  for (let attempt = 0; attempt < 3 && record; attempt++) {
    const { complaint } = record;
    const assessment = assessBreaches(complaint, now);
    if (!assessment.escalation) return undefined;
    const result = escalate(complaint, {
      actor: SCAN_ACTOR,
      at: later(now, complaint.updatedAt),
      reason: assessment.escalation.reason,
      deadlines: assessment.escalation.deadlines,
    });
    if (!result.ok) return undefined;
    const saved = await deps.store.save({ ...record, complaint: result.complaint }, complaint, [result.entry]);
    if (saved === 'saved') {
      const regulatory = assessment.breaches.some((b) => b.regulatory && assessment.escalation!.deadlines.includes(b.kind));
      await deps.events.publish([{ detailType: 'ComplaintEscalated', detail: escalatedDetail(result.complaint, result.entry, regulatory) }]);
      return { complaintId: complaint.id, ...(complaint.queue ? { queue: complaint.queue } : {}), deadlines: assessment.escalation.deadlines, regulatory };
    }
    record = await deps.store.get(complaint.id);
  }
  return 'contended' as const;
}
