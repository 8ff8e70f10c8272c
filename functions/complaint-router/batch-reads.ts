// The reads routing needs, shared by the records of one stream batch instead of made per complaint. The
// batch processor starts every record at once, so what they ask for in that turn of the event loop is
// gathered and read together:
// - the customers' facts: one BatchGetItem for all of the batch's customers (customer-records table);
// - the customers' recent complaints (the repeat rule): one keys-only PartiQL statement over all their
//   partitions of the byCustomer index, from the earliest window among them;
// - the promised service and the calendar in force: once per batch.
// The answers are what each complaint's own reads would have returned. The complaints of the batch are
// all stored (a stream record follows the write), and each one also counts the batch's other complaints
// of the same customer even where the index has not caught up with them yet.
import type { CustomerFacts } from '../../shared/adapters/complaint-customer-facts';
import type { ComplaintReceipt } from '../../shared/adapters/complaint-store';
import type { RouterDeps } from './route-received';

/** The repeat rule reads at most this many of the customer's complaints in its window, newest first. */
export const RECENT_COMPLAINTS_READ = 50;

/**
 * Everything asked in one turn of the event loop (after its promise jobs), read once: `ask` gives each
 * asker the same read of all the queries, from which it takes its own answer.
 */
const gathered = <Q, R>(read: (queries: Q[]) => Promise<R>) => {
  let queries: Q[] = [];
  let result: Promise<R> | undefined;
  return (query: Q): Promise<R> => {
    queries.push(query);
    return (result ??= new Promise((r) => setImmediate(r)).then(() => {
      const all = queries;
      queries = [];
      result = undefined;
      return read(all);
    }));
  };
};

/** The first answer of `read`, kept while it holds; a failed one is asked again. */
const once = <T>(read: () => Promise<T>) => {
  let kept: Promise<T> | undefined;
  return () => (kept ??= read().catch((error) => ((kept = undefined), Promise.reject(error))));
};

const keyOf = (r: ComplaintReceipt) => `${r.receivedAt}#${r.complaintId}`;

export class RoutingReads {
  readonly serviceLevels: RouterDeps['serviceLevels']['current'];
  readonly calendar: RouterDeps['calendar']['current'];
  private readonly facts: (customerId: string) => Promise<Map<string, CustomerFacts>>;
  private readonly recent: (asker: ComplaintReceipt & { customerId: string; since: string }) => Promise<{ read: Map<string, ComplaintReceipt[]>; askers: ComplaintReceipt[] }>;

  constructor(deps: Pick<RouterDeps, 'facts' | 'store' | 'serviceLevels' | 'calendar'>) {
    this.serviceLevels = once(() => deps.serviceLevels.current());
    this.calendar = once(() => deps.calendar.current());
    this.facts = gathered((customerIds) => deps.facts.factsOfMany(customerIds));
    // One read for all the askers' customers, from the earliest window asked.
    this.recent = gathered(async (askers) => ({
      read: await deps.store.receivedSince(
        askers.map((a) => a.customerId),
        askers.reduce((min, a) => (a.since < min ? a.since : min), askers[0]!.since),
      ),
      askers,
    }));
  }

  async factsOf(customerId: string): Promise<CustomerFacts> {
    return (await this.facts(customerId)).get(customerId)!;
  }

  /**
   * When the customer's other complaints received at or after `since` were received: what this
   * complaint's own read would have been (its window, newest first, at most the limit, itself left out).
   */
  async previousComplaintTimes(customerId: string, since: string, self: ComplaintReceipt): Promise<string[]> {
    const { read, askers } = await this.recent({ ...self, customerId, since });
    const all = new Map(read.get(customerId)!.map((r) => [r.complaintId, r]));
    // The batch's own complaints of this customer count whether or not the index has them yet.
    for (const a of askers as (ComplaintReceipt & { customerId: string })[]) if (a.customerId === customerId) all.set(a.complaintId, a);
    return [...all.values()]
      .filter((r) => keyOf(r) >= since)
      .sort((a, b) => (keyOf(a) < keyOf(b) ? 1 : -1))
      .slice(0, RECENT_COMPLAINTS_READ)
      .filter((r) => r.complaintId !== self.complaintId)
      .map((r) => r.receivedAt);
  }
}
