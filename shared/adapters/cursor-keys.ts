// The page-cursor signing keys, from Secrets Manager through the AWS Parameters and Secrets Lambda
// Extension (a layer serving GetSecretValue on localhost, with its own cache): no Secrets Manager SDK in
// the API bundles. AWSCURRENT signs; AWSPREVIOUS is still accepted, so a rotation does not break the
// cursors a client holds. The local runtime serves the same endpoint (local/runtime/secrets.ts).
//
// The extension is only reachable once the function's init phase is over: keys are read on the first
// request, then again when the cache below expires (a rotation reaches every instance within it).
import type { CursorKeyRing } from '../http/cursor';

/** As long as the extension's default cache: a rotated key is in use everywhere within five minutes. */
const CACHE_MS = 5 * 60_000;
const DEFAULT_EXTENSION_PORT = 2773;

type Env = Record<string, string | undefined>;

async function secretString(env: Env, secretId: string, versionStage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string | undefined> {
  const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? String(DEFAULT_EXTENSION_PORT);
  const url = `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}&versionStage=${versionStage}`;
  const response = await fetch(url, { headers: { 'X-Aws-Parameters-Secrets-Token': env.AWS_SESSION_TOKEN ?? '' } });
  if (!response.ok) {
    // A secret that was never rotated has no AWSPREVIOUS version: Secrets Manager answers 400.
    if (versionStage === 'AWSPREVIOUS' && response.status < 500) return undefined;
    throw new Error(`The cursor key (${versionStage}) could not be read: HTTP ${response.status} from the secrets extension`);
  }
  const body = (await response.json()) as { SecretString?: unknown };
  if (typeof body.SecretString !== 'string' || body.SecretString.length < 32) {
    throw new Error(`The cursor key (${versionStage}) is not a string of at least 32 characters`);
  }
  return body.SecretString;
}

/**
 * A cached reader of the key ring named by CURSOR_KEY_SECRET_ID, or undefined when the function has no
 * cursor key (its routes are not paginated, or it runs in-process in a test).
 */
export function cursorKeySource(env: Env = process.env, now: () => number = Date.now): (() => Promise<CursorKeyRing>) | undefined {
  const secretId = env.CURSOR_KEY_SECRET_ID;
  if (!secretId) return undefined;
  let cached: { ring: Promise<CursorKeyRing>; until: number } | undefined;
  const load = async (): Promise<CursorKeyRing> => {
    const [current, previous] = await Promise.all([secretString(env, secretId, 'AWSCURRENT'), secretString(env, secretId, 'AWSPREVIOUS')]);
    const encode = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
    return { current: encode(current!), ...(previous ? { previous: encode(previous) } : {}) };
  };
  return () => {
    if (!cached || now() >= cached.until) {
      const ring = load();
      cached = { ring, until: now() + CACHE_MS };
      // A failed read is not cached: the next request tries again.
      ring.catch(() => {
        if (cached?.ring === ring) cached = undefined;
      });
    }
    return cached.ring;
  };
}
