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
