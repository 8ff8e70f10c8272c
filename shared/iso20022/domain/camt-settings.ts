// Per-stage settings of the camt mapping: the bank's time zone, how its account identifications
// become the contract's accountId, its proprietary transaction codes, and defaults where a message is
// silent. Validated once, at cold start; a bad setting fails the function, not an entry.
import * as z from 'zod/mini';
import { TRANSACTION_KINDS } from '../../contracts/events';
import { Channel, Product, TransferNetwork } from '../../contracts/primitives';
import { isTimeZone } from '../../domain/segmentation/reporting-calendar';

/**
 * One rule from the bank's account identification to the contract's accountId. Rules are tried in
 * order; the first whose scheme and prefix match decides. `scheme` is IBAN, the code or proprietary
 * name of Othr/SchmeNm (BBAN, CUID…), or * for any.
 */
export const AccountIdRule = z.object({
  scheme: z.string().check(z.minLength(1)),
  prefix: z.optional(z.string()),
  /** Drop the matched prefix from the identification. */
  stripPrefix: z.optional(z.boolean()),
  /** Put before what remains, e.g. "ACC-". */
  accountIdPrefix: z.optional(z.string()),
});
export type AccountIdRule = z.infer<typeof AccountIdRule>;

/** What a bank's proprietary code (BkTxCd/Prtry/Cd, with its Issr when the rule names one) means. */
export const ProprietaryCode = z.object({
  code: z.string().check(z.minLength(1)),
  issuer: z.optional(z.string()),
  kind: z.enum(TRANSACTION_KINDS),
  network: z.optional(TransferNetwork),
  channel: z.optional(Channel),
});
export type ProprietaryCode = z.infer<typeof ProprietaryCode>;

export const CamtSettings = z.object({
  /** IANA zone of the bank's books: dates without a time, and times without an offset, are local there. */
  timeZone: z.string().check(z.refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Shanghai')),
  /** The channel of a booking whose transaction code says none (transfers, direct debits…). */
  defaultChannel: Channel,
  /** The network of domestic credit transfers (ISO sub-family DMCT, STDO…): CNAPS for a Chinese bank. */
  domesticNetwork: TransferNetwork,
  /** The product of an account whose Acct/Tp/Cd is absent or unknown (BalanceSnapshot names one). */
  defaultProduct: Product,
  accountIds: z.array(AccountIdRule).check(z.minLength(1)),
  proprietaryCodes: z._default(z.array(ProprietaryCode), []),
  /** Exponents of currencies outside ISO_4217_MINOR_UNITS that the bank books. */
  extraMinorUnits: z._default(z.record(z.string().check(z.regex(/^[A-Z]{3}$/)), z.number().check(z.int(), z.minimum(0), z.maximum(4))), {}),
});
export type CamtSettings = z.infer<typeof CamtSettings>;
