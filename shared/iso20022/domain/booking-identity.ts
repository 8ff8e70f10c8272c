// The eventId of a booking, derived only from what identifies the booking itself, so that the same
// booking reported in a camt.054 in the day and again in the evening's camt.053 (or in a resent file)
// gets the same eventId and is counted once. See docs/iso20022.md, "Event ids".
//
//   eventId = "camt-" + first 40 hex digits of SHA-256( JSON [ "booking/v1", accountId, reversal,
//                                                             refKind, ref, detailKind, detail ] )
//
// refKind/ref is the first the entry carries of:
//   1. Ntry/AcctSvcrRef          the account servicer's reference of the entry ("ntry-acctsvcrref")
//   2. Ntry/NtryRef              the entry reference ("ntry-ref")
//   3. TxDtls/Refs/AcctSvcrRef   of the entry's only transaction ("tx-acctsvcrref")
//   4. TxDtls/Refs/UETR          unique end-to-end transaction reference ("uetr")
//   5. TxDtls/Refs/EndToEndId    unless NOTPROVIDED ("e2e")
//   6. otherwise a canonical digest of the entry ("digest", see canonicalDigest)
// detailKind/detail tells the transactions of a batch entry apart (empty for a single booking): the
// detail's own AcctSvcrRef, UETR, EndToEndId or TxId, else its 1-based index in the entry.
// A reversal (RvslInd) is its own booking: `reversal` is true in its key. Its reversalOf is the key
// with `reversal` false: the original booking, when the bank reports the reversal with the original's
// references.
import { createHash } from 'node:crypto';

export type Reference = { kind: string; value: string };

export type BookingKey = {
  accountId: string;
  reversal: boolean;
  ref: Reference;
  detail?: Reference;
};

export const eventIdOf = (key: BookingKey): string =>
  `camt-${createHash('sha256')
    .update(JSON.stringify(['booking/v1', key.accountId, key.reversal, key.ref.kind, key.ref.value, key.detail?.kind ?? '', key.detail?.value ?? '']))
    .digest('hex')
    .slice(0, 40)}`;

/** Fields that make up the booking when it carries no reference, in a fixed order. */
export type DigestFields = {
  bookingDate: string;
  valueDate: string;
  amountMinor: number;
  currency: string;
  direction: 'CREDIT' | 'DEBIT';
  bankTransactionCode: string;
};

/**
 * The canonical digest of an entry without references: its booking and value days (the bank's calendar
 * dates, whether the message wrote Dt or DtTm, with or without an offset), its
 * amount in minor units (so "10.5" and "10.50" agree), currency, direction and transaction code.
 * Two real bookings alike in all of these on one account and one day cannot be told apart.
 */
export const canonicalDigest = (f: DigestFields): string =>
  createHash('sha256')
    .update(JSON.stringify([f.bookingDate, f.valueDate, f.amountMinor, f.currency, f.direction, f.bankTransactionCode]))
    .digest('hex');

export const balanceEventIdOf = (accountId: string, type: string, asOf: string, at: string): string =>
  `camt-${createHash('sha256').update(JSON.stringify(['balance/v1', accountId, type, asOf, at])).digest('hex').slice(0, 40)}`;
