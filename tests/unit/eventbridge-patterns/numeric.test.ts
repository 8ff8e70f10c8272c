import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../local/eventbridge/patterns';

// Examples from AWS "Content filtering in Amazon EventBridge event patterns" (numeric matching).
const pattern = {
  detail: {
    'c-count': [{ numeric: ['>', 0, '<=', 5] }],
    'd-count': [{ numeric: ['<', 10] }],
    'x-limit': [{ numeric: ['=', 3.018e2] }],
  },
};
const event = (detail: Record<string, unknown>) => ({ detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, ...detail } });

describe('numeric', () => {
  it('matches only when every numeric condition holds', () => {
    expect(matchesPattern(pattern, event({}))).toBe(true);
  });

  it('honours open and closed bounds', () => {
    expect(matchesPattern(pattern, event({ 'c-count': 0 }))).toBe(false);
    expect(matchesPattern(pattern, event({ 'c-count': 0.000001 }))).toBe(true);
    expect(matchesPattern(pattern, event({ 'c-count': 5.000001 }))).toBe(false);
    expect(matchesPattern(pattern, event({ 'd-count': 10 }))).toBe(false);
    expect(matchesPattern(pattern, event({ 'd-count': -4e9 }))).toBe(true);
  });

  it('compares "=" numerically (301.8 equals 3.018e2) and >= / <= inclusively', () => {
    expect(matchesPattern(pattern, event({ 'x-limit': 301.80 }))).toBe(true);
    expect(matchesPattern(pattern, event({ 'x-limit': 301.81 }))).toBe(false);
    expect(matchesPattern({ n: [{ numeric: ['>=', 100] }] }, { n: 100 })).toBe(true);
    expect(matchesPattern({ n: [{ numeric: ['<=', 100] }] }, { n: 100.5 })).toBe(false);
    expect(matchesPattern({ n: [{ numeric: ['>', 100] }] }, JSON.parse('{"n": 101.0}'))).toBe(true);
  });

  it('only matches JSON numbers, never numeric strings, null or booleans', () => {
    expect(matchesPattern(pattern, event({ 'c-count': '5' }))).toBe(false);
    expect(matchesPattern({ n: [{ numeric: ['>', 0] }] }, { n: null })).toBe(false);
    expect(matchesPattern({ n: [{ numeric: ['>', 0] }] }, { n: true })).toBe(false);
  });

  it('compares to six decimal places within the documented range of ±5.0e9', () => {
    expect(matchesPattern({ n: [{ numeric: ['=', 0.000001] }] }, { n: 0.0000012 })).toBe(true);
    expect(matchesPattern({ n: [{ numeric: ['=', 0.000001] }] }, { n: 0.000002 })).toBe(false);
    expect(matchesPattern({ n: [{ numeric: ['<=', 5e9] }] }, { n: 5e9 })).toBe(true);
    // Outside the range numeric matching does not apply, even where the comparison would hold.
    expect(matchesPattern({ n: [{ numeric: ['>', 0] }] }, { n: 6e9 })).toBe(false);
    expect(matchesPattern({ n: [{ numeric: ['<', 0] }] }, { n: -6e9 })).toBe(false);
  });

  it('matches when any element of an event array is in range', () => {
    expect(matchesPattern({ n: [{ numeric: ['>', 10] }] }, { n: [1, 2, 30] })).toBe(true);
    expect(matchesPattern({ n: [{ numeric: ['>', 10] }] }, { n: [1, 2, 3] })).toBe(false);
  });
});

describe('numeric operands', () => {
  it('accepts 15 significant digits with six decimals, even where a double cannot hold them exactly', () => {
    expect(matchesPattern({ n: [{ numeric: ['<', 4999999999.999999] }] }, { n: 4999999999 })).toBe(true);
    expect(matchesPattern({ n: [{ numeric: ['>=', 999999999.999999] }] }, { n: 999999999.999999 })).toBe(true);
  });
});
