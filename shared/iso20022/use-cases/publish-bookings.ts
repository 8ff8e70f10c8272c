// What both ways in share: a camt document's outcomes, in order, become published events (through the
// account directory: entries whose account is not known yet are parked there, not dropped), stored
// rejections and counts. Events go out in groups, so memory holds one group, not the file.
import type { AccountScopedEvent } from '../../accounts/domain/account-scoped-event';
import type { ResolvedAccounts } from '../../accounts/use-cases/resolve-accounts';
import type { CoreBankingEvent } from '../../contracts/events';
import type { CamtIngestionStore, PartCounts } from '../adapters/camt-ingestion-store';
import type { BookingOutcome } from '../domain/camt-bookings';

/** resolveAccounts (shared/accounts) bound to its directory and parked entries. */
export type ResolveAccounts = (events: AccountScopedEvent[]) => Promise<ResolvedAccounts>;

export type BookingSinks = {
  store: CamtIngestionStore;
  resolve: ResolveAccounts;
  publish: (events: CoreBankingEvent[]) => Promise<unknown>;
};

export const PRODUCER = 'iso20022';
const GROUP = 100;

export const emptyCounts = (): PartCounts => ({ items: 0, published: 0, parked: 0, rejected: 0, skipped: 0 });

/**
 * Consumes outcomes until they end or `stop()` says so between groups. Returns the counts and the
 * ordinal of the last item whose events are published (where a continuation resumes).
 */
export async function publishBookings(
  sinks: BookingSinks,
  outcomes: AsyncIterable<BookingOutcome>,
  file: { fileId: string; run: number; reference: string; rejectedBefore: ReadonlySet<number> },
  stop: () => boolean,
): Promise<{ counts: PartCounts; lastOrdinal: number | undefined; stopped: boolean }> {
  const counts = emptyCounts();
  let group: AccountScopedEvent[] = [];
  let lastOrdinal: number | undefined;
  let pendingOrdinal: number | undefined;
  const flush = async () => {
    if (group.length > 0) {
      const { ready, parked } = await sinks.resolve(group);
      if (ready.length > 0) await sinks.publish(ready);
      counts.published += ready.length;
      counts.parked += parked.length;
      group = [];
    }
    lastOrdinal = pendingOrdinal;
  };
  for await (const o of outcomes) {
    if (o.kind === 'message') continue;
    counts.items += 1;
    if (o.kind === 'rejected') {
      counts.rejected += 1;
      await sinks.store.reject({ fileId: file.fileId, ordinal: o.position.ordinal, position: o.position.path, reason: o.reason, run: file.run });
    } else {
      // A redrive that now maps (or skips) what an earlier run rejected clears that rejection.
      if (file.rejectedBefore.has(o.position.ordinal)) await sinks.store.clearRejection(file.fileId, o.position.ordinal);
      if (o.kind === 'skipped') counts.skipped += 1;
      else for (const e of o.events) group.push({ ...e, origin: { producer: PRODUCER, reference: `${file.reference}#${o.position.ordinal}` } });
    }
    pendingOrdinal = o.position.ordinal;
    if (group.length >= GROUP) {
      await flush();
      if (stop()) return { counts, lastOrdinal, stopped: true };
    }
  }
  await flush();
  return { counts, lastOrdinal, stopped: false };
}
