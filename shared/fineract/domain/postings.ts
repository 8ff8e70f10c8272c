// Fineract transactions (savings and loan) → TransactionPosted. A posting's eventId is the transaction's
// own tenant-qualified id, not the message's idempotency key: Fineract sends the same transaction again
// (redelivery, the adjusted copy inside LoanAdjustTransactionBusinessEvent) under other keys, and a
// reversal must be able to name the posting it reverses, which only the transaction id allows.
import type { Channel } from '../../contracts/primitives';
import type { TransactionPosted } from '../../contracts/events';
import type { AccountScopedEvent } from './mapped-events';
import { PRODUCER } from './mapped-events';

type PaymentDetail = { paymentType?: { name?: string | null; codeName?: string | null; isCashPayment?: boolean | null } | null } | null | undefined;

/** Fineract has no channel; the bank's payment type names one (its configuration, not personal data). */
export function channelOf(payment: PaymentDetail): { channel: Channel; cash: boolean } {
  const type = payment?.paymentType;
  const name = `${type?.codeName ?? ''} ${type?.name ?? ''}`.toLowerCase();
  const cash = type?.isCashPayment === true;
  if (/\batm\b/.test(name)) return { channel: 'ATM', cash: true };
  if (/\bpos\b|card/.test(name)) return { channel: 'POS', cash: false };
  if (/mobile/.test(name)) return { channel: 'MOBILE', cash: false };
  if (/online|internet|web/.test(name)) return { channel: 'ONLINE', cash: false };
  if (/phone/.test(name)) return { channel: 'PHONE', cash: false };
  // Cash, cheques and back-office postings without a payment type happen at the branch.
  return { channel: 'BRANCH', cash };
}

export type Posting = Omit<TransactionPosted, 'customerId' | 'schemaVersion' | 'eventId' | 'occurredAt'>;

/**
 * The posting, or a reversal of `reversalOf`: the money moves back, in the opposite direction, the same
 * amount. `eventId` is the reversal's own id (its Fineract transaction, or `<original>:reversal` when only
 * the original arrives, marked reversed).
 */
export function postingEvent(eventId: string, occurredAt: string, posting: Posting, reference: string, reversalOf?: string): AccountScopedEvent {
  const detail: Omit<TransactionPosted, 'customerId'> = { schemaVersion: 1, eventId, occurredAt, ...posting };
  if (reversalOf !== undefined) {
    detail.direction = posting.direction === 'CREDIT' ? 'DEBIT' : 'CREDIT';
    detail.reversalOf = reversalOf;
  }
  return { detailType: 'TransactionPosted', detail, origin: { producer: PRODUCER, reference } };
}
