// Opaque page cursors. A cursor carries where the previous page stopped and a digest of the query it
// belongs to (customer and filters), so a cursor from another customer's or another filter's pages is
// refused rather than silently read from a position that means something else.
import { createHash } from 'node:crypto';

const digest = (scope: string) => createHash('sha256').update(scope).digest('base64url').slice(0, 16);

export function encodeCursor(position: string, scope: string): string {
  return Buffer.from(JSON.stringify({ p: position, s: digest(scope) })).toString('base64url');
}

/** The position, or undefined when the token is not a cursor of this scope. */
export function decodeCursor(token: string, scope: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded || typeof decoded !== 'object') return undefined;
    const { p, s } = decoded as Record<string, unknown>;
    return typeof p === 'string' && s === digest(scope) ? p : undefined;
  } catch {
    return undefined;
  }
}
