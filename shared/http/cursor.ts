// Opaque page cursors. A cursor carries where the previous page stopped and a digest of the query it
// belongs to (customer and filters), so a cursor from another customer's or another filter's pages is
// refused rather than silently read from a position that means something else.
//
// Decoding is strict: the token must be the canonical base64url of exactly `{"p":…,"s":…}`, and the
// position printable, well-formed text of bounded length. The digest is not a secret (anyone can compute
// it), so every route also validates the position it gets for its own key shape before it reaches
// DynamoDB (timeline-pages.ts, segment-customers.ts): a forged position is a 400, never a 500.
import { createHash } from 'node:crypto';

const digest = (scope: string) => createHash('sha256').update(scope).digest('base64url').slice(0, 16);

/** Longer than any position a route hands out (a sort key is at most 1 KB; the shard positions about 1.5 KB). */
const MAX_POSITION_CHARS = 3072;
const UNSAFE_POSITION = /[\u0000-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function encodeCursor(position: string, scope: string): string {
  return Buffer.from(JSON.stringify({ p: position, s: digest(scope) })).toString('base64url');
}

/** The position, or undefined when the token is not a cursor of this scope. */
export function decodeCursor(token: string, scope: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const bytes = Buffer.from(token, 'base64url');
    // Node ignores trailing bits and junk: only the one canonical spelling of the bytes is a cursor.
    if (bytes.toString('base64url') !== token) return undefined;
    const decoded: unknown = JSON.parse(bytes.toString('utf8'));
    if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded)) return undefined;
    const keys = Object.keys(decoded);
    if (keys.length !== 2 || !keys.includes('p') || !keys.includes('s')) return undefined;
    const { p, s } = decoded as Record<string, unknown>;
    if (typeof p !== 'string' || p.length === 0 || p.length > MAX_POSITION_CHARS || UNSAFE_POSITION.test(p)) return undefined;
    return s === digest(scope) ? p : undefined;
  } catch {
    return undefined;
  }
}
