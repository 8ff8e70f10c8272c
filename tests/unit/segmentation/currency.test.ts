import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertToReporting, CurrencyTable, toReportingExact } from '../../../shared/domain/currency';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';
import { roundHalfEven } from '../../../shared/domain/segmentation/exact-ratio';

const table: CurrencyTable = {
  reportingCurrency: 'CNY',
  currencies: {
    CNY: { minorUnits: 2, perUnitInReporting: '1' },
    USD: { minorUnits: 2, perUnitInReporting: '7.1' },
    JPY: { minorUnits: 0, perUnitInReporting: '0.045' },
    KWD: { minorUnits: 3, perUnitInReporting: '23.2' },
  },
};
const converted = (minor: number, currency: string, t = table) => {
  const r = convertToReporting(minor, currency, t);
  if (!r.ok) throw new Error(r.error.reason);
  return r.value;
};

describe('conversion to the reporting currency', () => {
  it('converts cents to fen at the configured rate', () => {
    expect(converted(100, 'USD')).toBe(710); // 1.00 USD × 7.1 = 7.10 CNY
    expect(converted(123_45, 'USD')).toBe(876_50); // 123.45 × 7.1 = 876.495 → 876.50 (tie, to even)
  });

  it('respects JPY having no minor unit: 1 yen is one unit, not a hundredth', () => {
    expect(converted(1_000, 'JPY')).toBe(45_00); // 1,000 JPY × 0.045 = 45.00 CNY
    expect(converted(1, 'JPY')).toBe(4); // 4.5 fen, a tie: to the even 4
    expect(converted(3, 'JPY')).toBe(14); // 13.5 fen: to the even 14
    expect(converted(-1, 'JPY')).toBe(-4);
    expect(converted(1, 'KWD')).toBe(2); // 0.001 KWD × 23.2 = 0.0232 CNY = 2.32 fen
  });

  it('converts into a reporting currency without minor units', () => {
    const yen: CurrencyTable = {
      reportingCurrency: 'JPY',
      currencies: { JPY: { minorUnits: 0, perUnitInReporting: '1' }, CNY: { minorUnits: 2, perUnitInReporting: '21.5' } },
    };
    expect(converted(100, 'CNY', yen)).toBe(22); // 1.00 CNY = 21.5 JPY, a tie: to the even 22
    expect(converted(300, 'CNY', yen)).toBe(64); // 64.5 → 64
  });

  it('rejects an unknown currency with its reason instead of throwing', () => {
    const r = convertToReporting(500, 'XYZ', table);
    expect(r).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_CURRENCY', currency: 'XYZ', reason: 'no conversion rate from XYZ to CNY is configured' },
    });
    expect(convertToReporting(1, 'toString', table).ok).toBe(false); // not fooled by Object.prototype
  });

  it('refuses a result a JS number cannot hold exactly', () => {
    const r = convertToReporting(Number.MAX_SAFE_INTEGER, 'KWD', {
      ...table,
      currencies: { ...table.currencies, KWD: { minorUnits: 3, perUnitInReporting: '100000' } },
    });
    expect(r.ok === false && r.error.code).toBe('OUT_OF_RANGE');
  });

  it('is the identity on the reporting currency and rounds within half a minor unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('CNY', 'USD', 'JPY', 'KWD'), (minor, currency) => {
        const exact = toReportingExact(minor, currency, table);
        if (!exact.ok) return false;
        const rounded = converted(minor, currency);
        const errorTimesTwo = (BigInt(rounded) * exact.value.den - exact.value.num) * 2n;
        expect(errorTimesTwo <= exact.value.den && errorTimesTwo >= -exact.value.den).toBe(true);
        if (currency === 'CNY') expect(rounded).toBe(minor);
      }),
    );
  });

  it('never lets a larger amount convert to less', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.nat(1e6), fc.constantFrom('USD', 'JPY', 'KWD'), (a, d, c) => {
        expect(converted(a + d, c)).toBeGreaterThanOrEqual(converted(a, c));
      }),
    );
  });
});

describe('half-even rounding', () => {
  it('sends ties to the even neighbour, on both sides of zero', () => {
    const r = (n: number, d: number) => Number(roundHalfEven({ num: BigInt(n), den: BigInt(d) }));
    expect([r(1, 2), r(3, 2), r(5, 2), r(-1, 2), r(-3, 2), r(7, 3), r(-7, 3), r(5, 3)]).toEqual([0, 2, 2, 0, -2, 2, -2, 2]);
  });
});

describe('the currency table', () => {
  it('accepts the default table', () => {
    expect(CurrencyTable.safeParse(DEFAULT_SEGMENT_PARAMETERS.currency).success).toBe(true);
  });

  it('refuses JPY configured with two decimals, a reporting currency without rate 1, and a rate that is not a decimal', () => {
    const issues = (t: unknown) => {
      const r = CurrencyTable.safeParse(t);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(issues({ ...table, currencies: { ...table.currencies, JPY: { minorUnits: 2, perUnitInReporting: '0.045' } } })).toEqual([
      'JPY has 0 minor units in ISO 4217, not 2',
    ]);
    expect(issues({ ...table, reportingCurrency: 'EUR' })).toEqual(['the reporting currency EUR must be listed with perUnitInReporting "1"']);
    expect(issues({ ...table, currencies: { ...table.currencies, USD: { minorUnits: 2, perUnitInReporting: '7,1' } } })).toHaveLength(1);
    expect(issues({ ...table, currencies: { ...table.currencies, USD: { minorUnits: 2, perUnitInReporting: '0.0' } } })).toEqual([
      'must be greater than zero',
    ]);
  });
});
