// A camt entry or balance to the contract's events, exactly (docs/iso20022.md, "Mapping"). Pure: the
// reader hands it one element and its block's context; it returns events, or why it cannot.
//
// - Only booked entries (Sts BOOK: a code up to .001.06, <Sts><Cd>BOOK</Cd></Sts> from .001.07) are
//   bookings; pending and information entries are not events.
// - A batch entry whose transaction details all give their amount becomes one transaction per detail
//   (the details must add up to the entry); otherwise the entry is one transaction.
// - Counterparty name and remittance text are kept on the event for the timeline, never in a reason.
import type { BalanceSnapshot, TransactionPosted } from '../../contracts/events';
import { LENDING_PRODUCTS, type Channel, type Product } from '../../contracts/primitives';
import { accountIdOf } from './account-identification';
import { meaningOf, type BankTransactionCode } from './bank-transaction-codes';
import { bankInstant, bookingDayStart } from './bank-dates';
import { balanceEventIdOf, canonicalDigest, eventIdOf, type BookingKey, type Reference } from './booking-identity';
import type { BlockContext } from './camt-reader';
import type { CamtSettings } from './camt-settings';
import { toMinorUnits } from './minor-units';
import { allAt, at, textAt, type XmlElement } from './xml-element';

export type TransactionDetail = Omit<TransactionPosted, 'customerId'>;
export type BalanceDetail = Omit<BalanceSnapshot, 'customerId'>;
export type CamtEvent = { detailType: 'TransactionPosted'; detail: TransactionDetail } | { detailType: 'BalanceSnapshot'; detail: BalanceDetail };

export type MappingVerdict =
  | { outcome: 'mapped'; events: CamtEvent[] }
  /** Not a booking (pending, information) or not a balance type that is an event. */
  | { outcome: 'skipped'; why: string }
  | { outcome: 'rejected'; reason: string };

const rejected = (reason: string): MappingVerdict => ({ outcome: 'rejected', reason });

type Amount = { minor: number; currency: string };

function amountAt(e: XmlElement | undefined, field: string, settings: CamtSettings): { ok: true; amount: Amount } | { ok: false; reason: string } {
  if (!e) return { ok: false, reason: `${field}: missing` };
  const currency = e.attributes.Ccy ?? '';
  if (!/^[A-Z]{3}$/.test(currency)) return { ok: false, reason: `${field}/@Ccy: missing or not an ISO 4217 code` };
  const v = toMinorUnits(e.text, currency, field, settings.extraMinorUnits);
  return v.ok ? { ok: true, amount: { minor: v.minor, currency } } : v;
}

const directionOf = (code: string | undefined): 'CREDIT' | 'DEBIT' | undefined => (code === 'CRDT' ? 'CREDIT' : code === 'DBIT' ? 'DEBIT' : undefined);

/** A DateAndDateTimeChoice element (BookgDt, ValDt, Bal/Dt): its Dt or DtTm as written. */
const dateChoice = (e: XmlElement | undefined) => ({ date: textAt(e, 'Dt'), dateTime: textAt(e, 'DtTm') });

function codeOf(e: XmlElement | undefined): BankTransactionCode | undefined {
  const code = at(e, 'BkTxCd');
  if (!code) return undefined;
  return {
    domain: textAt(code, 'Domn/Cd'),
    family: textAt(code, 'Domn/Fmly/Cd'),
    subFamily: textAt(code, 'Domn/Fmly/SubFmlyCd'),
    proprietary: textAt(code, 'Prtry/Cd'),
    issuer: textAt(code, 'Prtry/Issr'),
  };
}

/**
 * Charges the account owner paid (Chrgs: records from .001.03, repeated Chrgs/Amt in .001.02), as the
 * fee. A record credited back to the owner (CdtDbtInd CRDT) is not fee income.
 */
function feeOf(e: XmlElement, field: string, settings: CamtSettings): { ok: true; fee?: Amount } | { ok: false; reason: string } {
  const records = allAt(e, 'Chrgs/Rcrd');
  const charged = (records.length > 0 ? records : allAt(e, 'Chrgs')).filter((r) => textAt(r, 'CdtDbtInd') !== 'CRDT');
  let fee: Amount | undefined;
  for (const r of charged) {
    const a = amountAt(at(r, 'Amt'), `${field}/Amt`, settings);
    if (!a.ok) return a;
    if (fee && fee.currency !== a.amount.currency) return { ok: false, reason: `${field}: charges in more than one currency` };
    fee = { minor: (fee?.minor ?? 0) + a.amount.minor, currency: a.amount.currency };
  }
  return { ok: true, fee };
}

const refsOf = (d: XmlElement | undefined) => ({
  acctSvcrRef: textAt(d, 'Refs/AcctSvcrRef'),
  uetr: textAt(d, 'Refs/UETR'),
  endToEndId: ((id) => (id && id !== 'NOTPROVIDED' ? id : undefined))(textAt(d, 'Refs/EndToEndId')),
  txId: textAt(d, 'Refs/TxId'),
});

function detailReference(d: XmlElement, index: number): Reference {
  const r = refsOf(d);
  if (r.acctSvcrRef) return { kind: 'tx-acctsvcrref', value: r.acctSvcrRef };
  if (r.uetr) return { kind: 'uetr', value: r.uetr.toLowerCase() };
  if (r.endToEndId) return { kind: 'e2e', value: r.endToEndId };
  if (r.txId) return { kind: 'txid', value: r.txId };
  return { kind: 'index', value: String(index) };
}

/** The counterparty is the debtor of a credit and the creditor of a debit (Pty from .001.08). */
function counterpartyName(d: XmlElement | undefined, direction: 'CREDIT' | 'DEBIT'): string | undefined {
  const party = direction === 'CREDIT' ? 'Dbtr' : 'Cdtr';
  const name = textAt(d, `RltdPties/${party}/Pty/Nm`) ?? textAt(d, `RltdPties/${party}/Nm`);
  return name?.slice(0, 140);
}

function remittanceOf(d: XmlElement | undefined): string | undefined {
  const lines = allAt(d, 'RmtInf/Ustrd').map((u) => u.text.trim()).filter(Boolean);
  return lines.length ? lines.join(' ').slice(0, 280) : undefined;
}

export function mapEntry(entry: XmlElement, block: BlockContext, settings: CamtSettings): MappingVerdict {
  const status = textAt(entry, 'Sts/Cd') ?? textAt(entry, 'Sts') ?? textAt(entry, 'Sts/Prtry');
  if (status !== 'BOOK') return { outcome: 'skipped', why: status ? `Sts ${status}` : 'no Sts' };

  const account = accountIdOf(block.account, settings);
  if (!account.ok) return rejected(account.reason);
  const amount = amountAt(at(entry, 'Amt'), 'Ntry/Amt', settings);
  if (!amount.ok) return rejected(amount.reason);
  const direction = directionOf(textAt(entry, 'CdtDbtInd'));
  if (!direction) return rejected('Ntry/CdtDbtInd: must be CRDT or DBIT');
  const reversalText = textAt(entry, 'RvslInd');
  const reversal = reversalText === 'true' || reversalText === '1';

  const bookingDate = at(entry, 'BookgDt');
  const valueDate = at(entry, 'ValDt');
  const booking = bankInstant(dateChoice(bookingDate), settings.timeZone);
  const value = bankInstant(dateChoice(valueDate), settings.timeZone);
  if (!bookingDate && !valueDate) return rejected('Ntry/BookgDt, Ntry/ValDt: neither is given');
  if (bookingDate && !booking.ok) return rejected('Ntry/BookgDt: not an ISO date or date-time');
  if (valueDate && !value.ok) return rejected('Ntry/ValDt: not an ISO date or date-time');
  // The booking's day, never its time of day: the same booking must have the same occurredAt in every
  // message that reports it (bank-dates.ts, bookingDayStart), and not every message gives the time.
  const bookingDay = booking.ok ? booking.date : (value as { date: string }).date;
  const occurredAt = bookingDayStart(bookingDay, settings.timeZone);

  const entryFee = feeOf(entry, 'Ntry/Chrgs', settings);
  if (!entryFee.ok) return rejected(entryFee.reason);

  const details = allAt(entry, 'NtryDtls/TxDtls');
  const detailAmount = (d: XmlElement) => at(d, 'Amt') ?? at(d, 'AmtDtls/TxAmt/Amt');
  const split = details.length > 1 && details.every((d) => detailAmount(d) !== undefined);

  // The booking's reference: the entry's own first, then its only transaction's.
  const only = details.length === 1 ? details[0] : undefined;
  const entryRefs = refsOf(only);
  const entryAcctSvcrRef = textAt(entry, 'AcctSvcrRef');
  const entryRef = entryAcctSvcrRef ? undefined : textAt(entry, 'NtryRef');
  const ref: Reference | undefined =
    (entryAcctSvcrRef && { kind: 'ntry-acctsvcrref', value: entryAcctSvcrRef }) ||
    (entryRef && { kind: 'ntry-ref', value: entryRef }) ||
    (!split && entryRefs.acctSvcrRef && { kind: 'tx-acctsvcrref', value: entryRefs.acctSvcrRef }) ||
    (!split && entryRefs.uetr && { kind: 'uetr', value: entryRefs.uetr.toLowerCase() }) ||
    (!split && entryRefs.endToEndId && { kind: 'e2e', value: entryRefs.endToEndId }) ||
    undefined;
  const entryCode = codeOf(entry);
  const codeText = (c: BankTransactionCode | undefined) => (c ? [c.domain, c.family, c.subFamily, c.issuer, c.proprietary].map((x) => x ?? '').join('/') : '');
  const baseRef: Reference = ref ?? {
    kind: 'digest',
    value: canonicalDigest({
      // Calendar days in the bank's zone, not the text: Dt in one message and DtTm in another agree.
      bookingDate: booking.ok ? booking.date : '',
      valueDate: value.ok ? value.date : '',
      amountMinor: amount.amount.minor,
      currency: amount.amount.currency,
      direction,
      bankTransactionCode: codeText(entryCode),
    }),
  };

  type Part = { detail: XmlElement | undefined; amount: Amount; direction: 'CREDIT' | 'DEBIT'; detailRef?: Reference; fee?: Amount };
  const parts: Part[] = [];
  if (split) {
    let total = 0;
    for (const [i, d] of details.entries()) {
      const field = `Ntry/NtryDtls/TxDtls[${i + 1}]`;
      const a = amountAt(detailAmount(d), `${field}/Amt`, settings);
      if (!a.ok) return rejected(a.reason);
      if (a.amount.currency !== amount.amount.currency) return rejected(`${field}/Amt/@Ccy: differs from Ntry/Amt/@Ccy`);
      const dir: 'CREDIT' | 'DEBIT' | undefined = textAt(d, 'CdtDbtInd') ? directionOf(textAt(d, 'CdtDbtInd')) : direction;
      if (!dir) return rejected(`${field}/CdtDbtInd: must be CRDT or DBIT`);
      if (dir !== direction) return rejected(`${field}/CdtDbtInd: differs from Ntry/CdtDbtInd`);
      const fee = feeOf(d, `${field}/Chrgs`, settings);
      if (!fee.ok) return rejected(fee.reason);
      total += a.amount.minor;
      parts.push({ detail: d, amount: a.amount, direction: dir, detailRef: detailReference(d, i + 1), fee: fee.fee });
    }
    if (total !== amount.amount.minor) return rejected('Ntry/NtryDtls/TxDtls/Amt: the details do not add up to Ntry/Amt');
    // Charges given for the entry as a whole go with its first transaction, unless the details carry their own.
    if (entryFee.fee && parts.every((p) => !p.fee)) parts[0]!.fee = entryFee.fee;
  } else {
    let fee = entryFee.fee;
    if (!fee && only) {
      const own = feeOf(only, 'Ntry/NtryDtls/TxDtls/Chrgs', settings);
      if (!own.ok) return rejected(own.reason);
      fee = own.fee;
    }
    parts.push({ detail: only, amount: amount.amount, direction, fee });
  }

  const events: CamtEvent[] = [];
  for (const p of parts) {
    const code = codeOf(p.detail) ?? entryCode;
    const meaning = meaningOf(code ?? {}, settings);
    if (!meaning.ok) return rejected(meaning.reason);
    const channel = meaning.channel ?? INPUT_CHANNELS[textAt(entry, 'TechInptChanl/Cd') ?? ''] ?? settings.defaultChannel;
    const key: BookingKey = { accountId: account.accountId, reversal, ref: baseRef, detail: p.detailRef };
    const detail: TransactionDetail = {
      schemaVersion: 1,
      eventId: eventIdOf(key),
      occurredAt,
      accountId: account.accountId,
      channel,
      kind: meaning.kind,
      direction: p.direction,
      amount: p.amount,
      ...(p.fee && p.fee.minor > 0 ? { fee: p.fee } : {}),
      ...(meaning.network ? { network: meaning.network } : {}),
      ...(reversal ? { reversalOf: eventIdOf({ ...key, reversal: false }) } : {}),
      ...optional('counterpartyName', counterpartyName(p.detail, p.direction)),
      ...optional('remittanceInformation', remittanceOf(p.detail)),
    };
    events.push({ detailType: 'TransactionPosted', detail });
  }
  return { outcome: 'mapped', events };
}

/**
 * Where the message tells the channel and the transaction code does not: the technical input channel
 * (ExternalTechnicalInputChannel1Code) of the instruction.
 */
const INPUT_CHANNELS: Readonly<Record<string, Channel>> = { WEBI: 'ONLINE', PAPR: 'BRANCH', FAXI: 'BRANCH' };

const optional = <K extends string>(k: K, v: string | undefined) => (v ? ({ [k]: v } as Record<K, string>) : {});

/** Balances that are events: the closing booked balance, and the interim booked one of a report. */
const BALANCE_TYPES = new Set(['CLBD', 'ITBD']);

const PRODUCT_OF_ACCOUNT_TYPE: Readonly<Record<string, Product>> = {
  CACC: 'CURRENT_ACCOUNT', // current
  SVGS: 'SAVINGS',
  LOAN: 'PERSONAL_LOAN',
  CARD: 'CREDIT_CARD',
  MGLD: 'MORTGAGE', // ISO: marginal lending; banks use it for secured lending
};

export function mapBalance(balance: XmlElement, block: BlockContext, settings: CamtSettings): MappingVerdict {
  const type = textAt(balance, 'Tp/CdOrPrtry/Cd');
  if (!type || !BALANCE_TYPES.has(type)) return { outcome: 'skipped', why: `Bal/Tp ${type ?? 'proprietary'}` };
  const account = accountIdOf(block.account, settings);
  if (!account.ok) return rejected(account.reason);
  const amount = amountAt(at(balance, 'Amt'), 'Bal/Amt', settings);
  if (!amount.ok) return rejected(amount.reason);
  const direction = directionOf(textAt(balance, 'CdtDbtInd'));
  if (!direction) return rejected('Bal/CdtDbtInd: must be CRDT or DBIT');
  const closing = type === 'CLBD';
  const when = bankInstant(dateChoice(at(balance, 'Dt')), settings.timeZone, closing);
  if (!when.ok) return rejected('Bal/Dt: not an ISO date or date-time');
  // An interim balance without a time is as of the report's creation, when that is on the same day.
  const created = !closing && !textAt(balance, 'Dt/DtTm') && block.createdAt ? bankInstant({ dateTime: block.createdAt }, settings.timeZone) : undefined;
  const occurredAt = created?.ok && created.date === when.date ? created.instant : when.instant;
  const product = PRODUCT_OF_ACCOUNT_TYPE[textAt(block.account, 'Tp/Cd') ?? ''] ?? settings.defaultProduct;
  // A debit balance is money owed: for lending products the contract wants that as a positive amount.
  const lending = (LENDING_PRODUCTS as readonly string[]).includes(product);
  const sign = (direction === 'DEBIT') !== lending ? -1 : 1;
  const detail: BalanceDetail = {
    schemaVersion: 1,
    eventId: balanceEventIdOf(account.accountId, type, when.date, occurredAt),
    occurredAt,
    accountId: account.accountId,
    product,
    asOf: when.date,
    balance: { minor: sign * amount.amount.minor || 0, currency: amount.amount.currency },
  };
  return { outcome: 'mapped', events: [{ detailType: 'BalanceSnapshot', detail }] };
}
