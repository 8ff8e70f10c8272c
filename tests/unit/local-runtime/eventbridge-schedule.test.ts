// EventBridge schedule expressions, in UTC.
import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../../local/eventbridge/schedule';

const at = (iso: string) => new Date(iso);
const next = (expression: string, after: string) => parseSchedule(expression).next(at(after))?.toISOString();

describe('rate expressions', () => {
  it('fire one period after the last time', () => {
    expect(next('rate(5 minutes)', '2026-03-01T10:00:00Z')).toBe('2026-03-01T10:05:00.000Z');
    expect(next('rate(1 hour)', '2026-03-01T10:00:00Z')).toBe('2026-03-01T11:00:00.000Z');
    expect(next('rate(2 days)', '2026-03-01T10:00:00Z')).toBe('2026-03-03T10:00:00.000Z');
  });

  it('want the singular with 1 and the plural otherwise', () => {
    expect(() => parseSchedule('rate(1 minutes)')).toThrow();
    expect(() => parseSchedule('rate(5 minute)')).toThrow();
    expect(() => parseSchedule('rate(0 minutes)')).toThrow();
  });
});

describe('cron expressions', () => {
  it('take minutes, hours, lists, ranges and increments', () => {
    expect(next('cron(0 10 * * ? *)', '2026-03-01T10:00:00Z')).toBe('2026-03-02T10:00:00.000Z');
    expect(next('cron(0/15 * * * ? *)', '2026-03-01T10:07:00Z')).toBe('2026-03-01T10:15:00.000Z');
    expect(next('cron(0 8-10 * * ? *)', '2026-03-01T10:30:00Z')).toBe('2026-03-02T08:00:00.000Z');
  });

  it('take days of the week by name and number (1 = Sunday)', () => {
    // 2026-03-01 is a Sunday.
    expect(next('cron(0 18 ? * MON-FRI *)', '2026-03-01T00:00:00Z')).toBe('2026-03-02T18:00:00.000Z');
    expect(next('cron(0 9 ? * 1 *)', '2026-03-02T00:00:00Z')).toBe('2026-03-08T09:00:00.000Z');
  });

  it('take the last day of the month, the nearest weekday and the n-th weekday', () => {
    expect(next('cron(0 0 L * ? *)', '2026-02-10T00:00:00Z')).toBe('2026-02-28T00:00:00.000Z');
    // 2026-08-15 is a Saturday: the nearest weekday is Friday the 14th.
    expect(next('cron(0 0 15W * ? *)', '2026-08-01T00:00:00Z')).toBe('2026-08-14T00:00:00.000Z');
    // The third Friday of March 2026 is the 20th.
    expect(next('cron(0 12 ? * 6#3 *)', '2026-03-01T00:00:00Z')).toBe('2026-03-20T12:00:00.000Z');
    // The last Friday of March 2026 is the 27th.
    expect(next('cron(0 12 ? * 6L *)', '2026-03-01T00:00:00Z')).toBe('2026-03-27T12:00:00.000Z');
  });

  it('stop after the years named', () => {
    expect(next('cron(0 0 1 1 ? 2026)', '2026-06-01T00:00:00Z')).toBeUndefined();
  });

  it('are refused when malformed, or when both or neither day field is ?', () => {
    for (const bad of ['cron(0 10 * * * *)', 'cron(0 10 ? * ? *)', 'cron(0 10 * *)', 'cron(61 * * * ? *)', 'every day', 'cron(0 0 ? * FUNDAY *)']) {
      expect(() => parseSchedule(bad), bad).toThrow(/ScheduleExpression is not valid/);
    }
  });
});
