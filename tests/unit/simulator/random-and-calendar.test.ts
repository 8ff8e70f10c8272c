import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, dayNumber, isoDate, zonedInstant } from '../../../local/simulator/calendar';
import { Random } from '../../../local/simulator/random';

describe('Random', () => {
  it('repeats its sequence for the same seed parts, and not for others', () => {
    const draw = (...parts: (string | number)[]) => {
      const r = Random.from(...parts);
      return Array.from({ length: 50 }, () => r.next());
    };
    expect(draw('s', 1)).toEqual(draw('s', 1));
    expect(draw('s', 1)).not.toEqual(draw('s', 2));
    expect(draw('s', 1)).not.toEqual(draw('s1'));
  });

  it('stays within its ranges (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (seed, min, span) => {
        const r = Random.from(seed);
        for (let i = 0; i < 20; i++) {
          const u = r.next();
          expect(u >= 0 && u < 1).toBe(true);
          const n = r.int(min, min + span);
          expect(Number.isInteger(n) && n >= min && n <= min + span).toBe(true);
          expect(r.poisson(3)).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('is roughly uniform and its weights are honoured', () => {
    const r = Random.from('uniform');
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 20_000; i++) buckets[Math.floor(r.next() * 10)] += 1;
    for (const b of buckets) expect(Math.abs(b - 2_000)).toBeLessThan(200);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++) if (r.weighted([['a', 9], ['b', 1]] as const) === 'a') heavy += 1;
    expect(heavy / 10_000).toBeCloseTo(0.9, 1);
    let total = 0;
    for (let i = 0; i < 10_000; i++) total += r.poisson(2.5);
    expect(total / 10_000).toBeCloseTo(2.5, 1);
  });
});

describe('calendar', () => {
  it('writes China time at +08:00 all year', () => {
    expect(zonedInstant('Asia/Shanghai', dayNumber('2026-07-01'), 9 * 3600 + 30 * 60).iso).toBe('2026-07-01T09:30:00+08:00');
    const winter = zonedInstant('Asia/Shanghai', dayNumber('2026-12-31'), 23 * 3600 + 59 * 60 + 59);
    expect(winter.iso).toBe('2026-12-31T23:59:59+08:00');
    expect(new Date(winter.utcMs).toISOString()).toBe('2026-12-31T15:59:59.000Z');
  });

  it('follows British Summer Time: last Sunday of March to last Sunday of October', () => {
    const london = (date: string, h: number) => zonedInstant('Europe/London', dayNumber(date), h * 3600);
    expect(london('2026-03-28', 12).iso).toBe('2026-03-28T12:00:00+00:00');
    expect(london('2026-03-29', 12).iso).toBe('2026-03-29T12:00:00+01:00');
    expect(london('2026-10-25', 0).iso).toBe('2026-10-25T00:00:00+01:00');
    expect(london('2026-10-25', 12).iso).toBe('2026-10-25T12:00:00+00:00');
    expect(london('2027-03-28', 12).iso).toBe('2027-03-28T12:00:00+01:00');
    for (const date of ['2026-06-15', '2026-12-15']) {
      const i = london(date, 10);
      expect(Date.parse(i.iso)).toBe(i.utcMs);
    }
  });

  it('does date arithmetic on day numbers', () => {
    expect(isoDate(dayNumber('2026-10-01'))).toBe('2026-10-01');
    expect(isoDate(addMonths(dayNumber('2026-01-31'), 1))).toBe('2026-02-28');
    expect(isoDate(addMonths(dayNumber('2026-10-15'), -36))).toBe('2023-10-15');
    expect(() => dayNumber('2026-02-29')).toThrow();
  });
});
