// Reading Fineract's payload values: dates, instants, money. Pure; failures name the field only.
import type { Money } from '../../contracts/primitives';
import { toMinorUnits, type Decimal } from './decimal';
import { FineractMappingError } from './fineract-ids';

export type Payload = Record<string, unknown>;
type Currency = { code?: string | null; decimalPlaces?: number | null } | null | undefined;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const isDate = (v: unknown): v is string => typeof v === 'string' && DATE.test(v);

/** Fineract writes createdAt as a UTC local date-time (ISO_LOCAL_DATE_TIME, seconds optional). */
export function instantOf(createdAt: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(\.\d{1,9})?)?$/.exec(createdAt);
  if (!m) throw new FineractMappingError('envelope field createdAt is not an ISO local date-time');
  return `${m[1]}${m[2] ?? ':00'}Z`;
}

export function dateOf(value: unknown, field: string): string {
  if (!isDate(value)) throw new FineractMappingError(`${field} is missing or not an ISO date`);
  return value;
}

export function numberOf(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw new FineractMappingError(`${field} is missing or not a positive id`);
  return value;
}

export function currencyOf(currency: Currency, field: string): { code: string; decimalPlaces: number } {
  const code = currency?.code;
  const decimalPlaces = currency?.decimalPlaces;
  if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) throw new FineractMappingError(`${field}.code is missing or not an ISO 4217 code`);
  if (typeof decimalPlaces !== 'number' || decimalPlaces < 0 || decimalPlaces > 8) throw new FineractMappingError(`${field}.decimalPlaces is missing or out of range`);
  return { code, decimalPlaces };
}

const isDecimal = (v: unknown): v is Decimal => typeof v === 'object' && v !== null && typeof (v as Decimal).unscaled === 'bigint';

/** An amount in the currency's minor units; `absent` when the field is null (optional amounts). */
export function moneyOf(value: unknown, currency: { code: string; decimalPlaces: number }, field: string): Money {
  if (!isDecimal(value)) throw new FineractMappingError(`${field} is missing`);
  try {
    return { minor: toMinorUnits(value, currency.decimalPlaces), currency: currency.code };
  } catch {
    throw new FineractMappingError(`${field} is out of range`);
  }
}

export const optionalMoneyOf = (value: unknown, currency: { code: string; decimalPlaces: number }, field: string) =>
  isDecimal(value) ? moneyOf(value, currency, field) : undefined;

/** Whole days from `from` to `to` (ISO dates), by the calendar: no time zone enters. */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
