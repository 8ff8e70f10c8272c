import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../shared/http/cursor';

describe('page cursors', () => {
  it('give back the position for the scope they were made for', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\x20-\x7e]{1,200}$/), fc.string({ unit: 'binary' }), (position, scope) => {
        expect(decodeCursor(encodeCursor(position, scope), scope)).toBe(position);
      }),
    );
  });

  it('are refused for another scope (another customer or other filters)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\x20-\x7e]{1,200}$/), fc.string(), fc.string(), (position, scope, other) => {
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

  it('are refused unless the token is exactly a cursor: no extra keys, no re-spelling, no control characters', () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const real = encodeCursor('TL#2026-11-03', 'C-1');
    const s = JSON.parse(Buffer.from(real, 'base64url').toString()).s as string;
    expect(decodeCursor(b64({ p: 'TL#2026-11-03', s }), 'C-1')).toBe('TL#2026-11-03');
    expect(decodeCursor(b64({ p: 'TL#2026-11-03', s, x: 1 }), 'C-1')).toBeUndefined();
    expect(decodeCursor(b64({ p: 'TL#\u0000', s }), 'C-1')).toBeUndefined();
    expect(decodeCursor(b64({ p: '\ud800', s }), 'C-1')).toBeUndefined();
    expect(decodeCursor(b64({ p: '', s }), 'C-1')).toBeUndefined();
    expect(decodeCursor(b64([real]), 'C-1')).toBeUndefined();
    expect(decodeCursor(real.slice(0, -1), 'C-1')).toBeUndefined();
  });
});
