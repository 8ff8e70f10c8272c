// Amounts to integer minor units by each currency's ISO 4217 exponent, in string arithmetic.
import { describe, expect, it } from 'vitest';
import { toMinorUnits } from '../../../shared/iso20022/domain/minor-units';

const minor = (text: string, ccy: string) => {
  const v = toMinorUnits(text, ccy, 'Ntry/Amt');
  return v.ok ? v.minor : v.reason;
};

describe('toMinorUnits', () => {
  it('JPY has no minor unit: whole yen only', () => {
    expect(minor('1234', 'JPY')).toBe(1234);
    expect(minor('0', 'JPY')).toBe(0);
    expect(minor('1234.5', 'JPY')).toBe('Ntry/Amt: 1 decimals, more than the 0 the currency has');
    expect(minor('100.0', 'JPY')).toMatch(/more than the 0/);
  });

  it.each(['CNY', 'EUR', 'USD'])('%s has two decimals', (ccy) => {
    expect(minor('12.34', ccy)).toBe(1234);
    expect(minor('12.3', ccy)).toBe(1230);
    expect(minor('12', ccy)).toBe(1200);
    expect(minor('0.01', ccy)).toBe(1);
    expect(minor('12.345', ccy)).toMatch(/3 decimals, more than the 2/);
  });

  it('KWD has three decimals', () => {
    expect(minor('12.345', 'KWD')).toBe(12345);
    expect(minor('0.005', 'KWD')).toBe(5);
    expect(minor('1.2', 'KWD')).toBe(1200);
    expect(minor('1.2345', 'KWD')).toMatch(/4 decimals, more than the 3/);
  });

  it('is exact where binary floating point is not', () => {
    // 0.29 * 100 === 28.999999999999996 and 1.005 * 1000 === 1004.9999999999999 in floating point.
    expect(minor('0.29', 'EUR')).toBe(29);
    expect(minor('1.005', 'KWD')).toBe(1005);
    expect(minor('9007199254740.99', 'USD')).toBe(900719925474099);
    expect(minor('90071992547409.93', 'USD')).toMatch(/beyond the largest amount/);
  });

  it('refuses what is not an ISO amount, naming the field and never echoing the value', () => {
    for (const bad of ['-1.00', '1,00', '1e3', '', ' . ', '0x10', '1.000001']) {
      const reason = minor(bad, 'EUR');
      expect(reason).toMatch(/^Ntry\/Amt: /);
      if (bad.trim()) expect(reason).not.toContain(bad.trim());
    }
    expect(minor('1.00', 'XXX')).toBe('Ntry/Amt/@Ccy: the currency has no configured ISO 4217 exponent');
    expect(toMinorUnits('1.5', 'XXX', 'Amt', { XXX: 1 })).toEqual({ ok: true, minor: 15 });
  });
});
