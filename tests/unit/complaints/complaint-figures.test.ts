// The analytics' pure parts: what a complaint counts for (figuresOf), the figures read back from summed
// counters against the figures of the complaints (complaintFigures), and small groups withheld.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complaintFigures, figuresFromCounters, publishedFigures, type ComplaintFigures } from '../../../functions/complaint-insights/complaint-analytics';
import { countsToSuppress, MINIMUM_GROUP_SIZE } from '../../../shared/data-protection/small-groups';
import { COMPLAINT_CATEGORIES, COMPLAINT_QUEUES } from '../../../shared/domain/complaints/categories';
import type { Complaint } from '../../../shared/domain/complaints/complaint';
import { figureBucket, figuresOf } from '../../../shared/domain/complaints/complaint-figures';

const range = { from: '2026-11-01', to: '2026-11-30' };
const NOW = '2026-12-01T00:00:00.000Z';

const complaint = fc
  .record({
    n: fc.integer({ min: 0, max: 1e6 }),
    day: fc.integer({ min: 1, max: 30 }),
    status: fc.constantFrom('ROUTED', 'ACKNOWLEDGED', 'RESOLVED', 'CLOSED', 'WITHDRAWN', 'REOPENED'),
    category: fc.constantFrom(...COMPLAINT_CATEGORIES),
    queue: fc.constantFrom(...COMPLAINT_QUEUES),
    hoursToResolve: fc.double({ min: 0, max: 2000, noNaN: true }),
    dueInHours: fc.integer({ min: 1, max: 2000 }),
  })
  .map(({ n, day, status, category, queue, hoursToResolve, dueInHours }): Complaint => {
    const receivedAt = `2026-11-${String(day).padStart(2, '0')}T08:00:00.000Z`;
    const at = (h: number) => new Date(Date.parse(receivedAt) + h * 3_600_000).toISOString();
    const resolved = status === 'RESOLVED' || status === 'CLOSED';
    return {
      id: `CMP-${n}`,
      customerId: 'C-1',
      status: status as Complaint['status'],
      version: 3,
      receivedAt,
      updatedAt: receivedAt,
      category,
      queue,
      deadlines: { ACKNOWLEDGEMENT: { dueAt: at(24), governedBy: 'REGULATORY_LIMIT' }, RESOLUTION: { dueAt: at(dueInHours), governedBy: 'REGULATORY_LIMIT' } } as Complaint['deadlines'],
      ...(resolved ? { resolvedAt: at(hoursToResolve) } : {}),
      reopenCount: 0,
      escalated: false,
      escalatedDeadlines: [],
    };
  });

/** What the store's transactions leave in the counters: the sum of every complaint's figures. */
const summed = (complaints: readonly Complaint[]) => {
  const counters: Record<string, number> = {};
  for (const c of complaints) for (const k of figuresOf(c)) counters[k] = (counters[k] ?? 0) + 1;
  return counters;
};

describe('figures from the counters', () => {
  it('equal the figures of the complaints, the median within half its bucket', () => {
    fc.assert(
      fc.property(fc.array(complaint, { maxLength: 60 }), (complaints) => {
        const exact = complaintFigures(complaints, range, NOW);
        const read = figuresFromCounters(summed(complaints), exact.overdueNow, range, NOW);
        const { medianHoursToResolve: m, ...rest } = read;
        const { medianHoursToResolve: mExact, ...restExact } = exact;
        expect(rest).toEqual(restExact);
        if (mExact === null) expect(m).toBeNull();
        else {
          // Within half the widest bucket of the middle value(s) (the median of an even count averages two).
          const hours = complaints.filter((c) => c.resolvedAt).map((c) => (Date.parse(c.resolvedAt!) - Date.parse(c.receivedAt)) / 3_600_000).sort((a, b) => a - b);
          const top = hours[Math.floor(hours.length / 2)]!;
          expect(Math.abs(m! - mExact)).toBeLessThanOrEqual((top < 24 ? 0.5 : top < 168 ? 2 : top < 1344 ? 12 : 84) + 0.01);
        }
      }),
    );
  });

  it('a change moves the counters by what the complaint counted for before and after', () => {
    const [before] = fc.sample(complaint.filter((c) => c.status === 'ACKNOWLEDGED'), 1);
    const after: Complaint = { ...before!, status: 'RESOLVED', resolvedAt: new Date(Date.parse(before!.receivedAt) + 5.5 * 3_600_000).toISOString() };
    expect(figuresOf(before!).sort()).toEqual(['c_' + before!.category, 'n', 'o', 'q_' + before!.queue].sort());
    expect(figuresOf(after)).toEqual(expect.arrayContaining(['n', 'r', 'h_5']));
    expect(figuresOf(after)).not.toContain('o');
  });

  it('buckets hours 1 h wide below a day, 4 h below a week, 24 h below 8 weeks, a week below a year', () => {
    expect([0, 0.99, 23.9, 24, 27.9, 28, 167.9, 168, 191.9, 1343, 1344, 1511.9, 1512, 8759, 8760, 20000].map(figureBucket)).toEqual([
      0, 0, 23, 24, 24, 28, 164, 168, 168, 1320, 1344, 1344, 1512, 8736, 8760, 8760,
    ]);
    const all = new Set(Array.from({ length: 9000 }, (_, h) => figureBucket(h)));
    expect(all.size).toBe(155);
  });
});

const figures = (over: Partial<ComplaintFigures>): ComplaintFigures => ({
  ...range,
  asOf: NOW,
  received: 100,
  byCategory: { ...Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, 0])), FEES_AND_CHARGES: 60, LENDING_AND_CREDIT: 40 } as ComplaintFigures['byCategory'],
  byQueue: { ...Object.fromEntries(COMPLAINT_QUEUES.map((q) => [q, 0])), ACCOUNTS: 60, LENDING: 40 } as ComplaintFigures['byQueue'],
  resolved: 50,
  resolvedWithinDeadline: 45,
  medianHoursToResolve: 30.5,
  openNow: 50,
  overdueNow: 10,
  ...over,
});

describe(`minimum group size (${MINIMUM_GROUP_SIZE})`, () => {
  it('shows every count of zero or at least k as it is', () => {
    const shown = publishedFigures(figures({}));
    expect(shown.suppressed).toEqual([]);
    expect(shown).toMatchObject({ received: 100, resolved: 50, resolvedWithinDeadline: 45, shareResolvedWithinDeadline: 0.9, medianHoursToResolve: 30.5, openNow: 50, overdueNow: 10 });
    expect(shown.byCategory.MIS_SELLING).toBe(0);
  });

  it('withholds a count of 1 to k−1, and the next smallest part so that it cannot be read as the total less the rest', () => {
    const f = figures({
      byCategory: { ...figures({}).byCategory, FEES_AND_CHARGES: 57, LENDING_AND_CREDIT: 40, MIS_SELLING: 3 },
    });
    const shown = publishedFigures(f);
    expect(shown.byCategory.MIS_SELLING).toBeNull();
    // 100 − 57 − 40 would be the 3 mis-selling complaints: the 40 is withheld too.
    expect(shown.byCategory.LENDING_AND_CREDIT).toBeNull();
    expect(shown.byCategory.FEES_AND_CHARGES).toBe(57);
    expect(shown.suppressed).toEqual(['byCategory.LENDING_AND_CREDIT', 'byCategory.MIS_SELLING']);
  });

  it('protects what is not published: withdrawn (received − open − resolved), resolved late, open not overdue', () => {
    // 2 withdrawn: the smaller of open (48) and resolved (50) is withheld.
    expect(publishedFigures(figures({ openNow: 48 })).suppressed).toEqual(['openNow']);
    // With resolved the smaller, the median over those resolutions goes with it.
    expect(publishedFigures(figures({ openNow: 52, resolved: 46, resolvedWithinDeadline: 40 })).suppressed).toEqual(['medianHoursToResolve', 'resolved']);
    // 3 resolved late: the within-deadline count is withheld, and with it the share.
    const late = publishedFigures(figures({ resolvedWithinDeadline: 47 }));
    expect(late.suppressed).toEqual(['resolvedWithinDeadline']);
    expect(late.shareResolvedWithinDeadline).toBeNull();
    // 1 open and not overdue.
    expect(publishedFigures(figures({ overdueNow: 49 })).suppressed).toEqual(['overdueNow']);
  });

  it('withholds everything of a small range, the median too', () => {
    const tiny = publishedFigures(
      figures({
        received: 3,
        byCategory: { ...figures({}).byCategory, FEES_AND_CHARGES: 3, LENDING_AND_CREDIT: 0 },
        byQueue: { ...figures({}).byQueue, ACCOUNTS: 3, LENDING: 0 },
        resolved: 2,
        resolvedWithinDeadline: 2,
        medianHoursToResolve: 4.5,
        openNow: 1,
        overdueNow: 1,
      }),
    );
    expect(tiny).toMatchObject({ received: null, resolved: null, resolvedWithinDeadline: null, openNow: null, overdueNow: null, medianHoursToResolve: null, shareResolvedWithinDeadline: null });
    expect(tiny.byCategory.FEES_AND_CHARGES).toBeNull();
    expect(tiny.byCategory.LENDING_AND_CREDIT).toBe(0);
  });

  it('never leaves a withheld part readable as its total less the published parts (property)', () => {
    const parts = ['a', 'b', 'c', 'd'];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 5, maxLength: 5 }), (values) => {
        const counts: Record<string, number> = { total: values.reduce((s, v) => s + v, 0) };
        parts.forEach((p, i) => (counts[p] = values[i]!));
        const hidden = countsToSuppress(counts, [{ total: 'total', parts }]);
        for (const [name, v] of Object.entries(counts)) if (v > 0 && v < MINIMUM_GROUP_SIZE) expect(hidden.has(name)).toBe(true);
        if (!hidden.has('total')) {
          const unknownParts = parts.filter((p) => hidden.has(p));
          const remainder = values[4]!;
          // One unknown cell alone is readable by subtraction; it must then not be a small group.
          const cells = [...unknownParts.map((p) => counts[p]!), ...(remainder ? [remainder] : [])];
          if (cells.length === 1) expect(cells[0]! === 0 || cells[0]! >= MINIMUM_GROUP_SIZE).toBe(true);
          if (unknownParts.length === 1 && !remainder) expect.unreachable('one withheld part readable as the total less the rest');
        }
      }),
    );
  });
});
