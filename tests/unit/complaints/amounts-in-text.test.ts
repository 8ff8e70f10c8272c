import { describe, expect, it } from 'vitest';
import { amountsInText, largestAmountInText } from '../../../shared/domain/complaints/amounts-in-text';
import { assessSeverity } from '../../../shared/domain/complaints/severity';

describe('amounts written in a complaint', () => {
  it('reads 万元, 元, ¥, $ (as the CFPB redacts it too) and £', () => {
    expect(amountsInText('卡里的8万元被转走了')).toEqual([{ minor: 8_000_000, currency: 'CNY' }]);
    expect(amountsInText('扣了我680元年费，还有¥1,200.50')).toEqual([
      { minor: 68_000, currency: 'CNY' },
      { minor: 120_050, currency: 'CNY' },
    ]);
    expect(amountsInText('They took $80,000 and then {$250.00} in fees')).toEqual([
      { minor: 8_000_000, currency: 'USD' },
      { minor: 25_000, currency: 'USD' },
    ]);
    expect(amountsInText('£1,200 went missing')).toEqual([{ minor: 120_000, currency: 'GBP' }]);
    expect(amountsInText('I called 3 times on 12/05')).toEqual([]);
  });

  it('raises severity when an amount written is above the threshold', () => {
    const minor = largestAmountInText('有人盗刷了我的卡，8万元没了', 'CNY');
    expect(minor).toBe(8_000_000);
    const base = { category: 'UNAUTHORISED_TRANSACTION' as const, description: 'x', segment: 'STANDARD' as const, receivedAt: '2026-12-01T02:00:00Z' };
    const withAmount = assessSeverity({ ...base, disputedAmountReportingMinor: minor });
    expect(withAmount.reasons.map((r) => r.trigger)).toContain('DISPUTED_AMOUNT_ABOVE_THRESHOLD');
  });
});
