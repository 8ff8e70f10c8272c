// Re-evaluation of one customer whose figures changed: recompute the affected months' contribution
// from the stored items, store it, re-segment on the trailing 12 months, and settle the assignment.
import { contributionTrend, monthlyContribution, trailingContribution, type ContributionHistory } from '../domain/contribution';
import { monthlyFigures } from '../domain/monthly-figures';
import { assignSegment, mvcThreshold } from '../domain/segmentation';
import { affectedMonths } from '../domain/segmentation/affected-months';
import { reportingMonthOf } from '../domain/segmentation/reporting-calendar';
import type { SegmentConfigStore } from '../adapters/segment-config';
import type { SegmentStore, StoredContribution } from '../adapters/segment-store';
import { RosterCache, settleAssignment, withFreshRetry } from './settle-assignment';
import type { StoredAssignment } from './stored-assignment';

export type ReevaluationOutcome =
  | { kind: 'NOTHING_TO_DO' }
  | { kind: 'CONTRIBUTION_REJECTED'; reasons: string[] }
  | { kind: 'AWAITING_PROFILE'; months: string[] }
  | { kind: 'ERASED' }
  | { kind: 'EVALUATED'; months: string[]; changed: boolean; written: boolean; stored: StoredAssignment };

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export type ReevaluationDeps = { store: SegmentStore; config: SegmentConfigStore; rosters: RosterCache; now: Date };

export function reevaluateCustomer(deps: ReevaluationDeps, customerId: string, changedSortKeys: readonly string[]): Promise<ReevaluationOutcome> {
  return withFreshRetry(() => reevaluateOnce(deps, customerId, changedSortKeys));
}

async function reevaluateOnce(deps: ReevaluationDeps, customerId: string, changedSortKeys: readonly string[]): Promise<ReevaluationOutcome> {
  const { store, now } = deps;
  const config = await deps.config.current();
  const p = config.parameters;
  const timeZone = p.reportingTimeZone;
  const asOfMonth = reportingMonthOf(now.toISOString(), timeZone);
  const months = [...new Set(changedSortKeys.flatMap((sk) => affectedMonths(sk, asOfMonth, timeZone)))].sort();
  if (months.length === 0) return { kind: 'NOTHING_TO_DO' };

  const [{ profile, assignment: before }, accounts, { contributions, loans }, ...activity] = await Promise.all([
    store.profileAndAssignment(customerId),
    store.accounts(customerId),
    store.contributionsAndLoans(customerId),
    ...months.map((m) => store.monthActivity(customerId, m, timeZone)),
  ]);

  const stored = new Map<string, StoredContribution>(contributions.map((c) => [c.month, c]));
  const rejected: string[] = [];
  const at = now.toISOString();
  for (const [i, month] of months.entries()) {
    const figures = monthlyFigures([...accounts, ...loans, ...activity[i]!], month, { timeZone });
    const priced = monthlyContribution(figures, { contribution: p.contribution, currency: p.currency });
    if (!priced.ok) {
      rejected.push(priced.error.reason);
      continue;
    }
    stored.set(month, await store.putContribution(customerId, priced.value, figures.productsHeldAtMonthEnd, at, stored.get(month)));
  }
  if (rejected.length > 0 && rejected.length === months.length) return { kind: 'CONTRIBUTION_REJECTED', reasons: rejected };
  if (!profile) return { kind: 'AWAITING_PROFILE', months };
  // An erased customer is not segmented again: their kept records serve retention, not marketing.
  if (profile.erasedAt) return { kind: 'ERASED' };

  const history: ContributionHistory = Object.fromEntries([...stored.values()].map((c) => [c.month, c.contributionMinor]));
  const latest = [...stored.values()].filter((c) => c.month <= asOfMonth).sort((a, b) => (a.month < b.month ? 1 : -1))[0];
  const assignment = assignSegment(
    {
      asOf: localDate(now, timeZone),
      customerSince: profile.customerSince,
      trailing12Minor: trailingContribution(history, asOfMonth).totalMinor,
      trend: contributionTrend(history, asOfMonth),
      incomeBand: profile.incomeBand,
      productsHeld: latest?.productsHeldAtMonthEnd ?? 0,
    },
    p.segmentation,
    mvcThreshold(p.segmentation.mvc, config.percentileMinor),
  );
  const outcome = await settleAssignment(store, deps.rosters, {
    customerId,
    before,
    assignment,
    branchId: profile.homeBranchId,
    currency: p.currency.reportingCurrency,
    cause: 'FIGURES_CHANGED',
    now: at,
  });
  return { kind: 'EVALUATED', months, ...outcome };
}
