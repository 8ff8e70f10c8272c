// Fineract's amounts: Avro decimals of scale 8 ("bigdecimal" in its schemas), kept exact as an unscaled
// integer and a scale. Conversion to minor units is integer arithmetic on bigint, never floating point.

export type Decimal = { unscaled: bigint; scale: number };

/**
 * The amount in minor units of a currency with `decimalPlaces` digits, rounded half-even (Fineract's
 * default rounding mode; Fineract rounds money to the currency's digits, so normally nothing is lost).
 */
export function toMinorUnits(amount: Decimal, decimalPlaces: number): number {
  const shift = amount.scale - decimalPlaces;
  let minor: bigint;
  if (shift <= 0) minor = amount.unscaled * 10n ** BigInt(-shift);
  else {
    const divisor = 10n ** BigInt(shift);
    const negative = amount.unscaled < 0n;
    const magnitude = negative ? -amount.unscaled : amount.unscaled;
    let quotient = magnitude / divisor;
    const twiceRemainder = (magnitude % divisor) * 2n;
    if (twiceRemainder > divisor || (twiceRemainder === divisor && quotient % 2n === 1n)) quotient += 1n;
    minor = negative ? -quotient : quotient;
  }
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < BigInt(Number.MIN_SAFE_INTEGER)) throw new RangeError('amount out of range');
  return Number(minor);
}

/** For tests and the simulator: a decimal string ("1250.5") at Fineract's scale. */
export function decimalOf(text: string, scale = 8): Decimal {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error('not a decimal number');
  const fraction = (match[3] ?? '').padEnd(scale, '0');
  if (fraction.length > scale) throw new Error(`more than ${scale} decimal places`);
  const unscaled = BigInt(`${match[2]}${fraction}`);
  return { unscaled: match[1] ? -unscaled : unscaled, scale };
}
