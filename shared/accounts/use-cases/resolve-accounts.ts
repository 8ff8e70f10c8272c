// A connector's entries name accounts; the contract names customers. Entries whose account is known
// become contract events ready to publish; the others are parked until their AccountOpened arrives
// (release-parked-entries.ts), never dropped.
//
// Why nothing stays parked: ingestion writes the owner, then reads the account's parked entries; this
// parks, then reads the owners again. Both reads are strongly consistent, so whichever of the two
// writes comes second, its writer's read sees the other's write: either ingestion finds the entry and
// releases it, or this finds the owner and returns the entry as ready (and unparks it). Both may
// happen; an event published twice is harmless (same eventId, insert-once or newer-wins writes).
import type { CoreBankingEvent } from '../../contracts/events';
import type { AccountDirectory } from '../adapters/account-directory';
import type { ParkedEntries } from '../adapters/parked-entries';
import { withCustomer, type AccountScopedEvent } from '../domain/account-scoped-event';

export type ResolveAccountsDeps = {
  directory: Pick<AccountDirectory, 'ownersOf'>;
  parked: Pick<ParkedEntries, 'park' | 'remove'>;
  now: () => Date;
};

export type ResolvedAccounts = {
  /** Contract events with their customer: publish these. */
  ready: CoreBankingEvent[];
  /** Entries whose account is not known yet: parked, to be released by its AccountOpened. */
  parked: AccountScopedEvent[];
};

/**
 * The caller must publish `ready` and, if publishing fails, fail its whole input so that it comes
 * again: an entry unparked here because its owner appeared is then resolved again from its input.
 */
export async function resolveAccounts(deps: ResolveAccountsDeps, events: AccountScopedEvent[]): Promise<ResolvedAccounts> {
  const ready: CoreBankingEvent[] = [];
  let waiting: AccountScopedEvent[] = [];
  const owners = await deps.directory.ownersOf(events.map((e) => e.detail.accountId));
  for (const event of events) {
    const customerId = owners.get(event.detail.accountId);
    if (customerId) ready.push(withCustomer(event, customerId));
    else waiting.push(event);
  }
  if (waiting.length === 0) return { ready, parked: [] };

  await deps.parked.park(waiting, deps.now());

  // Once more, after parking: an AccountOpened applied meanwhile may have missed these entries.
  const late = await deps.directory.ownersOf(waiting.map((e) => e.detail.accountId));
  if (late.size > 0) {
    const arrived = waiting.filter((e) => late.has(e.detail.accountId));
    for (const event of arrived) ready.push(withCustomer(event, late.get(event.detail.accountId)!));
    waiting = waiting.filter((e) => !late.has(e.detail.accountId));
    await deps.parked.remove(arrived.map((e) => ({ accountId: e.detail.accountId, eventId: e.detail.eventId })));
  }
  return { ready, parked: waiting };
}
