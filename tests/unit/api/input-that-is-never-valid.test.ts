// Issue 14, point 5: input that can never be valid is refused at the contract, each rule with its own
// message and the issue on the field it concerns.
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { FileComplaintRequest, TransitionRequest } from '../../../shared/contracts/api/complaints';
import { AnalyticsQuery } from '../../../shared/contracts/api/complaints-insights';
import { TimelineQuery } from '../../../shared/contracts/api/timeline';
import { FreeText, isPlausibleInstant, PlausibleInstant } from '../../../shared/contracts/primitives';

const issuesOf = (schema: z.ZodMiniType, value: unknown) => {
  const r = z.safeParse(schema, value);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};
const text = FreeText(100, 'test');
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('free text', () => {
  it.each([
    ['NUL', 'a\u0000b', /control characters/],
    ['a C0 control (ESC)', 'a\u001b[31mb', /control characters/],
    ['DEL', 'a\u007fb', /control characters/],
    ['a lone high surrogate', 'a\uD83Db', /well-formed Unicode/],
    ['a lone low surrogate', 'a\uDE00b', /well-formed Unicode/],
    ['a surrogate pair reversed', '\uDE00\uD83D', /well-formed Unicode/],
    ...['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'].map(
      (c) => [`U+${c.charCodeAt(0).toString(16).toUpperCase()}`, `pay ${c}refund`, /bidirectional control/] as [string, string, RegExp],
    ),
  ])('refuses %s', (_what, value, message) => {
    const issues = issuesOf(text, value);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(message);
  });

  it.each([
    ['tab, newline and carriage return', 'line one\r\n\tline two'],
    ['Chinese and an emoji (a well-formed surrogate pair)', '我的卡被扣款两次 😠'],
    ['Arabic and Hebrew (right-to-left without controls)', 'مرحبا שלום'],
  ])('accepts %s', (_what, value) => expect(issuesOf(text, value)).toEqual([]));

  it('names the field of a complaint description and of a transition note', () => {
    expect(issuesOf(FileComplaintRequest, { description: 'charged twice\u0000', channel: 'MOBILE' })).toEqual([
      { path: 'description', message: expect.stringMatching(/control characters/) },
    ]);
    expect(issuesOf(TransitionRequest, { to: 'ACKNOWLEDGED', note: 'ok \u202Eevil' })).toEqual([
      { path: 'note', message: expect.stringMatching(/bidirectional/) },
    ]);
  });
});

describe('date ranges on query strings', () => {
  it('analytics: from after to is refused on from', () => {
    expect(issuesOf(AnalyticsQuery, { from: '2026-11-02', to: '2026-11-01' })).toEqual([{ path: 'from', message: 'must not be later than to' }]);
  });
  it('analytics: at most 366 days, inclusive of both ends', () => {
    expect(issuesOf(AnalyticsQuery, { from: '2025-01-01', to: '2026-01-01' })).toEqual([]); // 366 days
    expect(issuesOf(AnalyticsQuery, { from: '2025-01-01', to: '2026-01-02' })).toEqual([{ path: 'to', message: 'must be at most 366 days after from' }]);
  });
  it('analytics: a from alone is measured to today', () => {
    expect(issuesOf(AnalyticsQuery, { from: isoDay(-30) })).toEqual([]);
    expect(issuesOf(AnalyticsQuery, { from: isoDay(-400) })).toEqual([{ path: 'to', message: 'must be at most 366 days after from' }]);
  });
  it('both ends must lie between 1900 and tomorrow', () => {
    expect(issuesOf(AnalyticsQuery, { from: '0001-01-01', to: '2026-01-01' })).toEqual([{ path: 'from', message: expect.stringMatching(/1900-01-01/) }]);
    expect(issuesOf(TimelineQuery, { to: '9999-12-31' })).toEqual([{ path: 'to', message: expect.stringMatching(/1900-01-01/) }]);
    expect(issuesOf(TimelineQuery, { to: isoDay(1) })).toEqual([]);
  });
  it('timeline: instants and dates compare as the instants they mean; no span limit', () => {
    expect(issuesOf(TimelineQuery, { from: '2026-11-03', to: '2026-11-03T00:00:00+08:00' })).toEqual([{ path: 'from', message: 'must not be later than to' }]);
    expect(issuesOf(TimelineQuery, { from: '2026-11-03T07:00:00+08:00', to: '2026-11-02' })).toEqual([]); // 23:00Z on the 2nd
    expect(issuesOf(TimelineQuery, { from: '1950-01-01', to: '2026-11-03' })).toEqual([]);
  });
});

describe('instants at ingestion', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('accepts 1900-01-01 and up to a day ahead; refuses just outside', () => {
    expect(isPlausibleInstant('1900-01-01T00:00:00Z', now)).toBe(true);
    expect(isPlausibleInstant('1899-12-31T23:59:59+00:00', now)).toBe(false);
    expect(isPlausibleInstant('1900-01-01T07:59:59+08:00', now)).toBe(false);
    expect(isPlausibleInstant('2026-12-02T12:00:00Z', now)).toBe(true);
    expect(isPlausibleInstant('2026-12-02T12:00:01Z', now)).toBe(false);
  });
  it('PlausibleInstant refuses an implausible instant with the reason', () => {
    expect(issuesOf(PlausibleInstant, '0001-01-01T00:00:00Z')).toEqual([{ path: '', message: 'must lie between 1900-01-01 and one day from now' }]);
    expect(issuesOf(PlausibleInstant, new Date(Date.now() + 2 * 86_400_000).toISOString())).toHaveLength(1);
    expect(issuesOf(PlausibleInstant, new Date().toISOString())).toEqual([]);
  });

});
