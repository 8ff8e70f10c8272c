// A reversal cancels its original's effect on the monthly figures, whatever the order they arrive in.
import { describe, expect, it } from 'vitest';
import { monthlyFigures } from '../../../shared/domain/monthly-figures';
import { event, posted, storedItems } from '../segmentation/stored-items';

const SHANGHAI = { timeZone: 'Asia/Shanghai' };
const reversal = (of: { detail: { eventId: string } }, occurredAt: string, amount: number, fee?: number) =>
  event('TransactionPosted', {
    occurredAt,
    channel: 'POS',
    kind: 'CARD_PURCHASE',
    network: undefined,
    direction: 'CREDIT',
    accountId: 'A-1',
    amount: { minor: amount, currency: 'CNY' },
    fee: fee === undefined ? undefined : { minor: fee, currency: 'CNY' },
    reversalOf: of.detail.eventId,
  });

describe('reversals in the monthly figures', () => {
  it('an original and its reversal in one month net to nothing, in either order', () => {
    const original = posted('2026-11-03T10:00:00+08:00', 'POS', 1_230, { fee: { minor: 50, currency: 'CNY' } });
    const other = posted('2026-11-04T10:00:00+08:00', 'POS', 700);
    const back = reversal(original, '2026-11-05T10:00:00+08:00', 1_230, 50);
    const withoutBoth = monthlyFigures(storedItems([other]), '2026-11', SHANGHAI);
    for (const order of [[original, other, back], [back, other, original], [other, back, original]]) {
      const f = monthlyFigures(storedItems(order), '2026-11', SHANGHAI);
      expect(f.transactions.POS).toEqual({ count: 1, volumeMinor: { CNY: 700 } });
      expect(f.transactions).toEqual(withoutBoth.transactions);
      expect(f.feesMinor).toEqual({ CNY: 0 });
    }
  });

  it('a reversal in the next month takes the original off that month, so the months add up to nothing', () => {
    const original = posted('2026-11-30T10:00:00+08:00', 'POS', 1_230, { fee: { minor: 50, currency: 'CNY' } });
    const back = reversal(original, '2026-12-01T09:00:00+08:00', 1_230, 50);
    const items = storedItems([back, original]);
    const nov = monthlyFigures(items, '2026-11', SHANGHAI);
    const dec = monthlyFigures(items, '2026-12', SHANGHAI);
    expect(nov.transactions.POS).toEqual({ count: 1, volumeMinor: { CNY: 1_230 } });
    expect(dec.transactions.POS).toEqual({ count: -1, volumeMinor: { CNY: -1_230 } });
    expect(nov.transactions.POS.count + dec.transactions.POS.count).toBe(0);
    expect((nov.feesMinor.CNY ?? 0) + (dec.feesMinor.CNY ?? 0)).toBe(0);
  });

  it('a reversal delivered twice is counted once, like any posting', () => {
    const original = posted('2026-11-03T10:00:00+08:00', 'POS', 1_230);
    const back = reversal(original, '2026-11-05T10:00:00+08:00', 1_230);
    const f = monthlyFigures(storedItems([original, back, back, original]), '2026-11', SHANGHAI);
    expect(f.transactions.POS).toEqual({ count: 0, volumeMinor: { CNY: 0 } });
  });

  it('the reversal is kept on the timeline item, with the original', () => {
    const original = posted('2026-11-03T10:00:00+08:00', 'POS', 1_230);
    const back = reversal(original, '2026-11-05T10:00:00+08:00', 1_230);
    const items = storedItems([original, back]);
    expect(items.filter((i) => i.type === 'TRANSACTION').map((i) => i.reversalOf)).toEqual([undefined, original.detail.eventId]);
  });
});
