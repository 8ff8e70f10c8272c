// Opaque page cursors, signed. A cursor carries where the previous page stopped and an HMAC over that
// position and the query it belongs to (customer and filters), under a key only the API functions hold
// (shared/adapters/cursor-keys.ts). A forged, truncated or re-spelled cursor, or one from another
// customer's or another filter's pages, fails the check and is refused: the client gets a 400 naming
// `query.cursor`, never a read from a position it chose. Every route still checks the position's shape
// for its own keys (timeline-pages.ts, segment-customers.ts): defence in depth if a key ever leaked.
//
// The key ring is process state, like the logger: the API handler loads it before each request
// (cached; shared/runtime/api-handler.ts), so every paginated route signs with it without carrying it.
// After a rotation, cursors signed with the previous key stay valid until the next rotation.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type CursorKeyRing = { current: Uint8Array; previous?: Uint8Array };

/** Longer than any position a route hands out (a sort key is at most 1 KB; the shard positions about 1.5 KB). */
const MAX_POSITION_CHARS = 3072;
const UNSAFE_POSITION = /[\u0000-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** 128 bits of HMAC-SHA256: forging one by guessing is out of reach, and the cursor stays short. */
const MAC_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

let keyRing: CursorKeyRing | undefined;

/** The keys cursors are signed and checked with from now on (the API handler calls this). */
export function useCursorKeys(ring: CursorKeyRing): void {
  keyRing = ring;
}

function keys(): CursorKeyRing {
  if (keyRing) return keyRing;
  // In Lambda a missing key is a deployment fault (infra grants the key to every function serving a
  // paginated route): fail loudly rather than sign with a key the function's other instances lack.
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) throw new Error('Page cursors have no signing key: CURSOR_KEY_SECRET_ID is not set');
  // In-process (tests, scripts): one key for the life of the process.
  keyRing = { current: randomBytes(32) };
  return keyRing;
}

const mac = (key: Uint8Array, scope: string, position: string) =>
  // Length-prefixed, so no (scope, position) pair can be re-split into another with the same MAC.
  createHmac('sha256', key).update(`${Buffer.byteLength(scope)}:`).update(scope).update(position).digest().subarray(0, MAC_BYTES);

/** The one canonical base64url spelling of some bytes, or undefined (Node ignores trailing bits and junk). */
function canonicalBytes(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

export function encodeCursor(position: string, scope: string): string {
  return `${Buffer.from(position, 'utf8').toString('base64url')}.${mac(keys().current, scope, position).toString('base64url')}`;
}

/** The position, or undefined when the token is not a cursor this API signed for this scope. */
export function decodeCursor(token: string, scope: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 2) return undefined;
  const positionBytes = canonicalBytes(parts[0]!);
  const given = canonicalBytes(parts[1]!);
  if (!positionBytes || !given || given.length !== MAC_BYTES) return undefined;
  const position = positionBytes.toString('utf8');
  // Bytes that are not UTF-8 do not survive the round trip: not a position of ours.
  if (!Buffer.from(position, 'utf8').equals(positionBytes)) return undefined;
  if (position.length === 0 || position.length > MAX_POSITION_CHARS || UNSAFE_POSITION.test(position)) return undefined;
  const { current, previous } = keys();
  for (const key of previous ? [current, previous] : [current]) {
    if (timingSafeEqual(mac(key, scope, position), given)) return position;
  }
  return undefined;
}
