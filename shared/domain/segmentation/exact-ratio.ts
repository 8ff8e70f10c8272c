// Exact rational arithmetic for money. A month's margin is balance × rate ÷ 12 and a conversion is
// amount × rate: doing those in floating point makes "exactly half a minor unit" unknowable, so the
// rounding rule could not be applied honestly. BigInt numerator over BigInt denominator, rounded once.

/** num / den with den > 0. Not normalised: only compared and rounded, never displayed. */
export type Ratio = { readonly num: bigint; readonly den: bigint };

export const ratio = (num: bigint | number, den: bigint | number = 1n): Ratio => {
  let n = BigInt(num);
  let d = BigInt(den);
  if (d === 0n) throw new RangeError('ratio with a zero denominator');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  return { num: n, den: d };
};

export const ZERO: Ratio = { num: 0n, den: 1n };

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
};

const reduce = (r: Ratio): Ratio => {
  const g = gcd(r.num, r.den);
  return g === 1n ? r : { num: r.num / g, den: r.den / g };
};

export const add = (a: Ratio, b: Ratio): Ratio =>
  a.den === b.den ? { num: a.num + b.num, den: a.den } : reduce({ num: a.num * b.den + b.num * a.den, den: a.den * b.den });

export const sub = (a: Ratio, b: Ratio): Ratio => add(a, { num: -b.num, den: b.den });

export const mul = (a: Ratio, b: Ratio): Ratio => reduce({ num: a.num * b.num, den: a.den * b.den });

export const sum = (rs: Iterable<Ratio>): Ratio => {
  let total = ZERO;
  for (const r of rs) total = add(total, r);
  return total;
};

/**
 * Round half to even ("banker's rounding"): a value exactly halfway goes to the even neighbour.
 * Chosen over half-up because these amounts are summed over many lines, customers and months; half-up
 * pushes every tie the same way and biases the totals, half-even is unbiased on ties.
 */
export function roundHalfEven(r: Ratio): bigint {
  const q = r.num / r.den; // truncates toward zero
  const rem = r.num % r.den; // same sign as num
  if (rem === 0n) return q;
  const twice = (rem < 0n ? -rem : rem) * 2n;
  const away = r.num < 0n ? q - 1n : q + 1n;
  if (twice > r.den) return away;
  if (twice < r.den) return q;
  return q % 2n === 0n ? q : away;
}

/** Integer division of safe integers with half-even rounding. */
export const divideHalfEven = (num: number, den: number): number => Number(roundHalfEven(ratio(num, den)));

/** A decimal string such as "7.1035" as an exact ratio; undefined if it is not a plain decimal. */
export function parseDecimal(text: string): Ratio | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const [, sign, whole, fraction = ''] = m;
  const num = BigInt(`${whole}${fraction}`) * (sign === '-' ? -1n : 1n);
  return reduce({ num, den: 10n ** BigInt(fraction.length) });
}

export const compare = (a: Ratio, b: Ratio): -1 | 0 | 1 => {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
};
