// Amounts as ISO 20022 writes them (a decimal in text, "1234.50", with its currency in the Ccy
// attribute) to integer minor units by the currency's ISO 4217 exponent. String arithmetic only: the
// text never passes through a binary floating-point number.
import { ISO_4217_MINOR_UNITS } from '../../domain/currency';

/** ActiveOrHistoricCurrencyAndAmount: at most 18 digits, at most 5 of them after the point. */
const AMOUNT = /^(\d{1,18})(?:\.(\d{1,5}))?$/;

export type MinorUnitsVerdict = { ok: true; minor: number } | { ok: false; reason: string };

/** Exponents: ISO 4217's for the currencies the bank books, plus any the stage configures. */
export const exponentOf = (currency: string, extra: Readonly<Record<string, number>> = {}): number | undefined =>
  Object.hasOwn(extra, currency) ? extra[currency] : Object.hasOwn(ISO_4217_MINOR_UNITS, currency) ? ISO_4217_MINOR_UNITS[currency] : undefined;

/**
 * `text` in minor units of `currency`. More decimals than the currency has is refused, even when the
 * extra digits are zeros: ISO 20022's currency-amount rule says the fraction digits follow ISO 4217,
 * and a file that breaks it has been produced by something we should not guess about.
 */
export function toMinorUnits(text: string, currency: string, field: string, extraExponents?: Readonly<Record<string, number>>): MinorUnitsVerdict {
  const exponent = exponentOf(currency, extraExponents);
  if (exponent === undefined) return { ok: false, reason: `${field}/@Ccy: the currency has no configured ISO 4217 exponent` };
  const m = AMOUNT.exec(text.trim());
  if (!m) return { ok: false, reason: `${field}: not a non-negative decimal amount of at most 18 digits and 5 decimals` };
  const [, whole, fraction = ''] = m;
  if (fraction.length > exponent) {
    return { ok: false, reason: `${field}: ${fraction.length} decimals, more than the ${exponent} the currency has` };
  }
  const digits = (whole! + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  const minor = BigInt(digits);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: `${field}: beyond the largest amount a minor-unit integer holds` };
  return { ok: true, minor: Number(minor) };
}
