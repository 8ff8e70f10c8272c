// When ingestion applies (or sees again) an AccountOpened, the entries parked for that account go out
// with its customer filled in: published to the bus under the source of the producer that sent them,
// then removed. On the bus they pass the archive and come back through ingestion like any event, so
// the archive holds every event that changed the table and a replay rebuilds it (docs/accounts.md).
//
// Safe under redelivery and in any order: publishing first and removing after means a failure between
// the two publishes again on retry, which changes nothing (same eventIds); an AccountOpened seen again
// finds nothing left, or finds what a concurrent park added and releases that too.
import { producerSource, type CoreBankingEvent } from '../../contracts/events';
import type { AccountDirectory } from '../adapters/account-directory';
import type { ParkedEntries } from '../adapters/parked-entries';
import { withCustomer } from '../domain/account-scoped-event';

export type ReleaseDeps = {
  directory: Pick<AccountDirectory, 'ownerOf'>;
  parked: Pick<ParkedEntries, 'forAccount' | 'remove'>;
  /** Puts events on the bus with this source; throws if any is not accepted. */
  publish: (events: CoreBankingEvent[], source: string) => Promise<unknown>;
  eventSource: string;
};

/** Releases the account's parked entries; returns how many. */
export async function releaseParkedEntries(deps: ReleaseDeps, accountId: string): Promise<number> {
  const entries = await deps.parked.forAccount(accountId);
  if (entries.length === 0) return 0;
  // The stored owner, not the AccountOpened at hand: the first AccountOpened of an account names its
  // customer for good (the owner item is insert-once), and every release agrees with it.
  const customerId = await deps.directory.ownerOf(accountId);
  if (!customerId) throw new Error(`account owner missing for a release; the owner item is written before release`);

  const byProducer = new Map<string, CoreBankingEvent[]>();
  for (const entry of entries) {
    const events = byProducer.get(entry.producer) ?? [];
    events.push(withCustomer(entry.event, customerId));
    byProducer.set(entry.producer, events);
  }
  for (const [producer, events] of byProducer) {
    await deps.publish(events, producer ? producerSource(deps.eventSource, producer) : deps.eventSource);
  }
  await deps.parked.remove(entries);
  return entries.length;
}
