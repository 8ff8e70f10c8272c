import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, useCursorKeys } from '../../../shared/http/cursor';

const key = (fill: number) => new Uint8Array(32).fill(fill);

describe('page cursors', () => {
  afterEach(() => useCursorKeys({ current: key(1) }));

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
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(token).not.toContain('evt-0005');
  });

  it('never throw on garbage', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (garbage) => {
        expect(decodeCursor(garbage, 'C-1')).toBeUndefined();
      }),
    );
  });

  it('are refused when anyone but the key holder made them: any position re-signed or re-spelled', () => {
    const real = encodeCursor('TL#2026-11-03', 'C-1');
    const [, signature] = real.split('.');
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    expect(decodeCursor(real, 'C-1')).toBe('TL#2026-11-03');
    // The position changed under the real signature, or the signature of another key.
    expect(decodeCursor(`${b64('TL#2026-11-04')}.${signature}`, 'C-1')).toBeUndefined();
    useCursorKeys({ current: key(9) });
    const foreign = encodeCursor('TL#2026-11-04', 'C-1');
    useCursorKeys({ current: key(1) });
    expect(decodeCursor(foreign, 'C-1')).toBeUndefined();
    // Truncated, extended, a second dot, trailing bits that Node's decoder would ignore.
    expect(decodeCursor(real.slice(0, -1), 'C-1')).toBeUndefined();
    expect(decodeCursor(`${real}A`, 'C-1')).toBeUndefined();
    expect(decodeCursor(`${real}.x`, 'C-1')).toBeUndefined();
    expect(decodeCursor(real.replace('.', '=.'), 'C-1')).toBeUndefined();
  });

  it('refuse unsafe positions even with a valid signature (control characters, empty, too long)', () => {
    for (const position of ['TL#\u0000', 'TL#\u001b[2J', '', 'x'.repeat(3073)]) {
      expect(decodeCursor(encodeCursor(position, 'C-1'), 'C-1')).toBeUndefined();
    }
  });

  it('stay valid across a rotation until the next one: the previous key still checks, the one before not', () => {
    useCursorKeys({ current: key(1) });
    const signedBefore = encodeCursor('TL#2026-11-03', 'C-1');
    useCursorKeys({ current: key(2), previous: key(1) });
    expect(decodeCursor(signedBefore, 'C-1')).toBe('TL#2026-11-03');
    expect(decodeCursor(encodeCursor('TL#2026-11-03', 'C-1'), 'C-1')).toBe('TL#2026-11-03');
    useCursorKeys({ current: key(3), previous: key(2) });
    expect(decodeCursor(signedBefore, 'C-1')).toBeUndefined();
  });
});
