// What one Fineract event becomes: contract events that name their customer, and account-scoped events
// (Fineract's transaction and delinquency payloads carry the account, not the client) that the account
// directory resolves to a customer before they are published.
import type { AccountScopedEvent } from '../../accounts/domain/account-scoped-event';
import type { CoreBankingEvent } from '../../contracts/events';
import type { DecodedEvent } from '../adapters/fineract-wire';
import type { FineractIds } from './fineract-ids';

export type { AccountScopedEvent };

export type MappedEvents = { customerEvents: CoreBankingEvent[]; accountEvents: AccountScopedEvent[] };

export type MappingOutcome =
  | ({ kind: 'mapped' } & MappedEvents)
  /** Nothing the layer keeps: acknowledged and counted under `metric`. */
  | { kind: 'ignored'; metric: string }
  | { kind: 'rejected'; reason: string };

/** What every mapper is given: the decoded event, its tenant's ids, and its instant. */
export type MappingInput = {
  event: Extract<DecodedEvent, { kind: 'decoded' }>;
  ids: FineractIds;
  occurredAt: string;
};

export const PRODUCER = 'fineract';

export const ignored = (metric: string): MappingOutcome => ({ kind: 'ignored', metric });
export const mapped = (customerEvents: CoreBankingEvent[], accountEvents: AccountScopedEvent[] = []): MappingOutcome => ({
  kind: 'mapped',
  customerEvents,
  accountEvents,
});
