// GET /admin/parked-entries bound to the overdue report.
import type { ParkedEntries } from '../../shared/accounts/adapters/parked-entries';
import { overdueParkedEntries } from '../../shared/accounts/use-cases/overdue-parked-entries';
import { listParkedEntries } from '../../shared/contracts/api/parked-entries-routes';
import { bindRoute, type RouteBinding } from '../../shared/http/route-binding';

export type ParkedEntriesApiDeps = {
  parked: Pick<ParkedEntries, 'parkedBefore' | 'countParkedBefore'>;
  /** The stage's alarm age: the default of olderThanHours. */
  alarmAfterHours: number;
  now: () => Date;
};

export const parkedEntriesApiBindings = (deps: ParkedEntriesApiDeps): RouteBinding[] => [
  bindRoute(listParkedEntries).to(async ({ query }) => ({
    status: 200,
    body: await overdueParkedEntries(deps.parked, deps.now(), query.olderThanHours ?? deps.alarmAfterHours, query.limit),
  })),
];
