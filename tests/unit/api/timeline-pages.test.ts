import { describe, expect, it } from 'vitest';
import { planTimelineRead, timelinePage } from '../../../functions/customer-api/timeline-pages';
import { encodeCursor } from '../../../shared/http/cursor';
import { HttpProblem } from '../../../shared/http/problems';

const query = (q: Record<string, unknown> = {}) => ({ limit: 25, ...q }) as Parameters<typeof planTimelineRead>[1];
const problemOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof HttpProblem) return e.problem;
    throw e;
  }
  return undefined;
};

describe('planTimelineRead', () => {
  it('reads the whole timeline without bounds', () => {
    expect(planTimelineRead('C-1', query()).range).toEqual({ start: 'TL#', end: 'TL#~' });
  });

  it('turns instants with offsets into UTC keys and dates into whole UTC days', () => {
    const plan = planTimelineRead('C-1', query({ from: '2026-11-03T12:00:00+08:00', to: '2026-11-05' }));
    expect(plan.range).toEqual({ start: 'TL#2026-11-03T04:00:00.000Z', end: 'TL#2026-11-05~' });
  });

  it('refuses from after to, naming from', () => {
    expect(problemOf(() => planTimelineRead('C-1', query({ from: '2026-11-06', to: '2026-11-05T23:00:00Z' })))).toMatchObject({
      status: 400,
      errors: [{ field: 'query.from' }],
    });
  });

  it('resumes after the position of a cursor made for the same customer and filters', () => {
    const sk = 'TL#2026-11-03T04:14:07.000Z#evt-5';
    const first = planTimelineRead('C-1', query({ channel: 'ATM' }));
    const page = timelinePage('C-1', first, { entries: [], resumeAfter: sk, itemsRead: 500 });
    expect(planTimelineRead('C-1', query({ channel: 'ATM', cursor: page.nextCursor })).startAfter).toBe(sk);
  });

  it.each([
    ['another customer', 'C-2', { channel: 'ATM' }],
    ['another channel', 'C-1', { channel: 'POS' }],
    ['other bounds', 'C-1', { channel: 'ATM', from: '2026-01-01' }],
  ])('refuses a cursor used for %s', (_name, customerId, filters) => {
    const first = planTimelineRead('C-1', query({ channel: 'ATM' }));
    const { nextCursor } = timelinePage('C-1', first, { entries: [], resumeAfter: 'TL#2026-11-03', itemsRead: 1 });
    expect(problemOf(() => planTimelineRead(customerId, query({ ...filters, cursor: nextCursor })))).toMatchObject({
      status: 400,
      errors: [{ field: 'query.cursor' }],
    });
  });

  it('refuses a forged cursor whose position lies outside the range (DynamoDB would fail the query)', () => {
    const scope = ['C-1', '', '2026-11-01', ''].join('\u0000');
    const forged = encodeCursor('PROFILE', scope);
    expect(problemOf(() => planTimelineRead('C-1', query({ from: '2026-11-01', cursor: forged })))?.status).toBe(400);
  });
});
