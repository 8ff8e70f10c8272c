// Cursors a client could forge from real ones: every one must be a 400 naming query.cursor (or, when the
// forgery happens to be a real cursor of the same scope, a page), never a 5xx. A cursor is
// `<base64url position>.<base64url HMAC>`: the forgeries keep a real cursor's signature and change its
// position (arbitrary text, JSON of other shapes, the real position with a field changed), keep its
// position with another signature, or damage the token itself.
import fc from 'fast-check';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const split = (token: string) => {
  const [position, signature] = token.split('.') as [string, string];
  return { p: Buffer.from(position, 'base64url').toString('utf8'), signature };
};
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

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
  const { p, signature } = split(real);
  const flipped = fc.tuple(fc.nat({ max: real.length - 1 }), fc.constantFrom(...ALPHABET)).map(([i, c]) => real.slice(0, i) + c + real.slice(i + 1));
  const truncated = fc.nat({ max: real.length - 1 }).map((n) => real.slice(0, n) || 'A');
  const extended = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/).map((tail) => real + tail);
  const samePositionOtherSignature = fc.uint8Array({ minLength: 0, maxLength: 32 }).map((mac) => `${b64(p)}.${Buffer.from(mac).toString('base64url')}`);
  const sameSignatureNewPosition = positionLike(p).map((position) => `${b64(position)}.${signature}`);
  const extraParts = fc.stringMatching(/^[A-Za-z0-9_-]{0,8}$/).map((part) => `${real}.${part}`);
  return fc.oneof(
    flipped,
    truncated,
    extended,
    samePositionOtherSignature,
    sameSignatureNewPosition,
    sameSignatureNewPosition,
    extraParts,
    ...(foreign.length ? [fc.constantFrom(...foreign)] : []),
  );
}
