import { invalid } from './errors';

// "Content filtering in Amazon EventBridge event patterns": numeric matching is limited to values between
// -5.0e9 and +5.0e9 inclusive, with 15 digits of precision, or six digits to the right of the decimal point.
export const NUMERIC_LIMIT = 5e9;
export const MAX_DECIMAL_PLACES = 6;
const MICROS = 10 ** MAX_DECIMAL_PLACES;

/**
 * A number as EventBridge compares it: whole millionths (exact in a double up to 5e15), or undefined
 * outside the documented range, where numeric comparison does not apply.
 */
export function toMicros(value: number): number | undefined {
  if (!(value >= -NUMERIC_LIMIT && value <= NUMERIC_LIMIT)) return undefined;
  return Math.round(value * MICROS);
}

/** 3, 3.0 and 3.0e0 are the same number; so are values equal to six decimal places. */
export function numbersEqual(a: number, b: number): boolean {
  if (a === b) return true;
  const micros = toMicros(a);
  return micros !== undefined && micros === toMicros(b);
}

/**
 * Digits to the right of the decimal point (1e-7 has 7), counted at the documented 15 significant digits
 * so that a double's representation noise (4999999999.999999 is stored as ...9995) does not count.
 */
export function decimalPlaces(value: number): number {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(Number(value.toPrecision(15)))));
  if (!match) return 0;
  return Math.max(0, (match[2]?.length ?? 0) - Number(match[3] ?? 0));
}

/** A number a pattern compares against (numeric operands, anything-but numbers) must be comparable. */
export function assertComparable(value: number): number {
  if (toMicros(value) === undefined) invalid('Value must be between -5.0E9 and 5.0E9, inclusive');
  if (decimalPlaces(value) > MAX_DECIMAL_PLACES) {
    invalid(`Only values upto ${MAX_DECIMAL_PLACES} decimals are supported`);
  }
  return value;
}
