import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../shared/http/cursor';

describe('page cursors', () => {
  it('give back the position for the scope they were made for', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (position, scope) => {
        expect(decodeCursor(encodeCursor(position, scope), scope)).toBe(position);
      }),
    );
  });

  it('are refused for another scope (another customer or other filters)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (position, scope, other) => {
        fc.pre(scope !== other);
        expect(decodeCursor(encodeCursor(position, scope), other)).toBeUndefined();
      }),
    );
  });

  it('look opaque: URL-safe, without the position in clear', () => {
    const token = encodeCursor('TL#2026-11-03T04:14:07.000Z#evt-0005', 'C-1');
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('evt-0005');
  });

  it('never throw on garbage', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (garbage) => {
        expect(decodeCursor(garbage, 'C-1')).toBeUndefined();
      }),
    );
  });
});
