// Building blocks shared by the event and API contracts. One source for validation, types and the
// generated JSON Schema / OpenAPI documents. zod/mini: these schemas are bundled into every Lambda.
import * as z from 'zod/mini';
import './english-messages';

/** Where a customer meets the bank. Every transaction and interaction names one. */
export const CHANNELS = ['BRANCH', 'ATM', 'POS', 'MOBILE', 'ONLINE', 'PHONE', 'SELF_SERVICE'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

/** Interbank and internal transfer networks (CNAPS is China's national payment system, CNFN's successor). */
export const TRANSFER_NETWORKS = ['SWIFT', 'CNAPS', 'SEPA', 'ACH', 'INTERNAL'] as const;
export const TransferNetwork = z.enum(TRANSFER_NETWORKS);
export type TransferNetwork = z.infer<typeof TransferNetwork>;

/** Products whose margins drive contribution (see MISSION.md, Contribution). */
export const PRODUCTS = [
  'CURRENT_ACCOUNT',
  'SAVINGS',
  'TERM_DEPOSIT',
  'CREDIT_CARD',
  'PERSONAL_LOAN',
  'MORTGAGE',
  'WEALTH',
] as const;
export const Product = z.enum(PRODUCTS);
export type Product = z.infer<typeof Product>;

export const LENDING_PRODUCTS = ['CREDIT_CARD', 'PERSONAL_LOAN', 'MORTGAGE'] as const;
export const LendingProduct = z.enum(LENDING_PRODUCTS);

/** ISO 4217 alphabetic code. Whether the bank converts a given code is configuration, not contract. */
export const CurrencyCode = z
  .string()
  .check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code of three capital letters, e.g. CNY'));

const MINOR_UNITS_MESSAGE = 'must be an integer number of minor units';

/** An amount in integer minor units (fen, pence, cents) with its currency: never floating point. */
export const Money = z.object({
  minor: z.number().check(z.int(MINOR_UNITS_MESSAGE), z.refine(Number.isSafeInteger, 'out of range')),
  currency: CurrencyCode,
});
export type Money = z.infer<typeof Money>;

export const NonNegativeMoney = z.extend(Money, {
  minor: z.number().check(z.int(MINOR_UNITS_MESSAGE), z.nonnegative(), z.refine(Number.isSafeInteger, 'out of range')),
});

/** Identifiers are opaque to us; the character set keeps them safe inside DynamoDB keys and URLs. */
const identifier = (what: string, maxLength = 64) =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(maxLength),
      z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, `${what} may hold letters, digits, '.', '_', ':' and '-' only`),
    );

export const CustomerId = identifier('customerId');
export const AccountId = identifier('accountId');
export const EventId = identifier('eventId', 128);
export const BranchId = identifier('branchId');

/** An instant with an explicit offset; stored normalised to UTC so that keys sort by time. */
export const Instant = z.iso.datetime({ offset: true });
export const CalendarDate = z.iso.date();

/** Entity version assigned by the producer: a higher version is a newer state of the same entity. */
export const EntityVersion = z.number().check(z.int(), z.positive());

// ── Input that can never be valid (issue 14, point 5) ────────────────────────────────────────────────
// Refused at the contract, so no handler, store or log line ever sees it and no client input becomes a 5xx.

/** C0 controls except tab, line feed and carriage return, and DEL: no human text holds them; NUL ends C strings. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one: not Unicode text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Embeddings, overrides, isolates and marks that reorder what a reader sees (the "Trojan Source" trick). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/** The checks every free-text field carries, each with its own message so the problem says which rule failed. */
export const freeTextChecks = [
  z.refine<string>((s) => !CONTROL.test(s), 'must not hold control characters (NUL, C0 controls other than tab and newline, DEL)'),
  z.refine<string>((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode (no lone surrogates)'),
  z.refine<string>((s) => !BIDI_CONTROL.test(s), 'must not hold bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)'),
] as const;

/** Text a person wrote (complaint descriptions, notes, summaries): 1 to `max` characters of printable Unicode. */
export const FreeText = (max: number, description: string) =>
  z.string().check(z.minLength(1), z.maxLength(max), ...freeTextChecks, z.describe(description));

/**
 * The window an instant must lie in to be believed. 1900: before any account, loan or contact a living
 * customer has (migrated history included), so older instants are a producer's default or corrupt value
 * (0001-01-01, 1899-12-30 from spreadsheets). A day ahead: producers stamp local times with offsets up to
 * +14:00 and clocks drift; beyond that an instant is an error that would sort ahead of every real entry
 * and mask it on the timeline for ever.
 */
export const PLAUSIBLE_INSTANTS = { earliest: '1900-01-01T00:00:00Z', aheadMs: 24 * 60 * 60 * 1000 } as const;
const EARLIEST_MS = Date.parse(PLAUSIBLE_INSTANTS.earliest);

export const isPlausibleInstant = (iso: string, nowMs = Date.now()) => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= nowMs + PLAUSIBLE_INSTANTS.aheadMs;
};

/** An instant at ingestion (when a thing happened): an ISO 8601 instant within the plausible window. */
export const PlausibleInstant = Instant.check(
  z.refine((s: string) => isPlausibleInstant(s), 'must lie between 1900-01-01 and one day from now'),
);

/** Query-string bounds of a date range: a UTC calendar date, or an instant with offset. */
export type RangeBound = string;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A bound in ms: a date as `from` is the start of its day, as `to` its last millisecond (both inclusive). */
const boundMs = (bound: string, end: boolean) =>
  /^\d{4}-\d{2}-\d{2}$/.test(bound) ? Date.parse(`${bound}T00:00:00Z`) + (end ? DAY_MS - 1 : 0) : Date.parse(bound);

/**
 * The rule of every from/to query: each end within the plausible window, from not after to and, when the
 * route reads everything in the range at once, at most `maxDays` days apart. A missing `to` is now. Each
 * issue names the field it is about. Used as `z.strictObject({ from, to, ... }).check(DateRange({ maxDays }))`.
 */
export const DateRange = (limits: { maxDays?: number }) =>
  z.superRefine((q: { from?: string | undefined; to?: string | undefined }, ctx) => {
    const now = Date.now();
    const from = q.from === undefined ? undefined : boundMs(q.from, false);
    const to = q.to === undefined ? undefined : boundMs(q.to, true);
    let bad = false;
    // A date is in the window when its day begins in it: `to=<tomorrow>` is allowed.
    for (const field of ['from', 'to'] as const) {
      const ms = q[field] === undefined ? undefined : boundMs(q[field], false);
      if (ms !== undefined && !(ms >= EARLIEST_MS && ms <= now + PLAUSIBLE_INSTANTS.aheadMs)) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'must lie between 1900-01-01 and one day from now', input: q });
        bad = true;
      }
    }
    if (bad || from === undefined) return;
    const end = to ?? now;
    if (from > end) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be later than to', input: q });
    else if (limits.maxDays !== undefined && end - from >= limits.maxDays * DAY_MS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `must be at most ${limits.maxDays} days after from`, input: q });
    }
  });
