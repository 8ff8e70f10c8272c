// Cursors a client could forge from real ones: every one must be a 400 naming query.cursor (or, when the
// forgery happens to be a real cursor of the same scope, a page), never a 5xx. The digest a cursor
// carries is computable by anyone, so the forgeries also keep a real cursor's digest and change its
// position: arbitrary text, JSON of other shapes, the real position with a field changed.
import fc from 'fast-check';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const decode = (token: string) => JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { p: string; s: string };
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** JSON values shaped like the positions routes hand out, and mutations of a real one. */
const positionLike = (real: string) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(real);
  } catch {
    parsed = undefined;
  }
  const json = fc.json({ maxDepth: 3 }).map((j) => j);
  const mutated =
    parsed && typeof parsed === 'object'
      ? fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.nat()).map(([value, i]) => {
          const copy = structuredClone(parsed) as Record<string, unknown>;
          const keys = Object.keys(copy);
          if (keys.length) copy[keys[i % keys.length]!] = value;
          return JSON.stringify(copy);
        })
      : fc.string({ maxLength: 40 }).map((suffix) => real + suffix);
  return fc.oneof(json, mutated, fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ maxLength: 2000 }), fc.constant(real.slice(0, -1)));
};

export function forgedCursors(real: string, foreign: readonly string[]): fc.Arbitrary<string> {
  const { p, s } = decode(real);
  const flipped = fc.tuple(fc.nat({ max: real.length - 1 }), fc.constantFrom(...ALPHABET)).map(([i, c]) => real.slice(0, i) + c + real.slice(i + 1));
  const truncated = fc.nat({ max: real.length - 1 }).map((n) => real.slice(0, n) || 'A');
  const extended = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/).map((tail) => real + tail);
  const samePositionNewScope = fc.string({ maxLength: 16 }).map((digest) => encode({ p, s: digest }));
  const sameDigestNewPosition = positionLike(p).map((position) => encode({ p: position, s }));
  const extraKeys = fc.jsonValue({ maxDepth: 1 }).map((x) => encode({ p, s, x }));
  return fc.oneof(
    flipped,
    truncated,
    extended,
    samePositionNewScope,
    sameDigestNewPosition,
    sameDigestNewPosition,
    extraKeys,
    ...(foreign.length ? [fc.constantFrom(...foreign)] : []),
  );
}
