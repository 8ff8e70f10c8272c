// Conversion of amounts in any configured currency to the bank's reporting currency, in integer minor
// units. Rates are configuration (per stage, set by an admin), never fetched here.
//
// Rounding: half to even (banker's rounding), applied once to the exact product amount × rate. The
// converted amounts feed sums over lines, customers and months (contribution, analytics); half-up
// would push every tie upward and bias those sums, half-even does not. Nothing here is a customer's
// own balance, where a bank would follow the rule of the product's terms instead.
import * as z from 'zod/mini';
import { CurrencyCode } from '../contracts/primitives';
import { mul, parseDecimal, ratio, roundHalfEven, type Ratio } from './segmentation/exact-ratio';
import { err, ok, type Result } from './segmentation/result';

/**
 * ISO 4217 minor-unit exponents of the currencies a bank commonly books. A configured currency listed
 * here must agree with it, so that a typo cannot make 100 yen worth 1 yen. Others may be configured
 * with their exponent.
 */
export const ISO_4217_MINOR_UNITS: Readonly<Record<string, number>> = {
  AUD: 2, BHD: 3, CAD: 2, CHF: 2, CNY: 2, DKK: 2, EUR: 2, GBP: 2, HKD: 2, IDR: 2, INR: 2, ISK: 0,
  JOD: 3, JPY: 0, KRW: 0, KWD: 3, MOP: 2, MYR: 2, NOK: 2, NZD: 2, OMR: 3, PHP: 2, SEK: 2, SGD: 2,
  THB: 2, TND: 3, TWD: 2, USD: 2, VND: 0,
};

/** A positive decimal written as text ("7.1035"), so that no binary fraction creeps into a rate. */
const DecimalRate = z.string().check(
  z.regex(/^\d+(\.\d+)?$/, 'must be a positive decimal written as text, e.g. "7.1035"'),
  z.refine((s) => (parseDecimal(s)?.num ?? 1n) > 0n, 'must be greater than zero'), // the regex reports the rest
);

export const CurrencyRate = z.object({
  /** ISO 4217 exponent: 2 for CNY (fen), 0 for JPY, 3 for KWD. */
  minorUnits: z.number().check(z.int(), z.minimum(0), z.maximum(4)),
  /** Reporting-currency major units for one major unit of this currency. */
  perUnitInReporting: DecimalRate,
});
export type CurrencyRate = z.infer<typeof CurrencyRate>;

export const CurrencyTable = z
  .object({
    reportingCurrency: CurrencyCode,
    currencies: z.record(CurrencyCode, CurrencyRate),
  })
  .check(
    z.superRefine((t, ctx) => {
      const own = t.currencies[t.reportingCurrency];
      const unit = own && parseDecimal(own.perUnitInReporting);
      if (!unit || unit.num !== unit.den) {
        ctx.addIssue({
          code: 'custom',
          path: ['currencies', t.reportingCurrency],
          message: `the reporting currency ${t.reportingCurrency} must be listed with perUnitInReporting "1"`,
        });
      }
      for (const [code, rate] of Object.entries(t.currencies)) {
        const iso = ISO_4217_MINOR_UNITS[code];
        if (iso !== undefined && iso !== rate.minorUnits) {
          ctx.addIssue({
            code: 'custom',
            path: ['currencies', code, 'minorUnits'],
            message: `${code} has ${iso} minor units in ISO 4217, not ${rate.minorUnits}`,
          });
        }
      }
    }),
  );
export type CurrencyTable = z.infer<typeof CurrencyTable>;

export type CurrencyProblem = {
  code: 'UNKNOWN_CURRENCY' | 'OUT_OF_RANGE';
  currency: string;
  reason: string;
};

/**
 * The exact value, in reporting-currency minor units, of `minor` units of `currency`. Callers that sum
 * several lines sum these and round once.
 */
export function toReportingExact(minor: number | bigint, currency: string, table: CurrencyTable): Result<Ratio, CurrencyProblem> {
  const rate = Object.hasOwn(table.currencies, currency) ? table.currencies[currency] : undefined;
  if (!rate) {
    return err({
      code: 'UNKNOWN_CURRENCY',
      currency,
      reason: `no conversion rate from ${currency} to ${table.reportingCurrency} is configured`,
    });
  }
  const reportingMinorUnits = table.currencies[table.reportingCurrency]?.minorUnits ?? 2;
  const perUnit = parseDecimal(rate.perUnitInReporting)!;
  // minor × 10^-from (major) × rate (reporting major) × 10^to (reporting minor)
  const scale = ratio(10n ** BigInt(reportingMinorUnits), 10n ** BigInt(rate.minorUnits));
  return ok(mul(mul(ratio(minor), perUnit), scale));
}

/** Rounds an exact reporting amount to minor units, refusing what a JS number cannot hold exactly. */
export function roundToMinor(value: Ratio, currency: string): Result<number, CurrencyProblem> {
  const rounded = roundHalfEven(value);
  if (rounded > BigInt(Number.MAX_SAFE_INTEGER) || rounded < BigInt(Number.MIN_SAFE_INTEGER)) {
    return err({ code: 'OUT_OF_RANGE', currency, reason: `${rounded} minor units is beyond a safe integer` });
  }
  return ok(Number(rounded));
}

/** `minor` units of `currency` in reporting-currency minor units, rounded half to even. */
export function convertToReporting(minor: number, currency: string, table: CurrencyTable): Result<number, CurrencyProblem> {
  const exact = toReportingExact(minor, currency, table);
  return exact.ok ? roundToMinor(exact.value, currency) : exact;
}
