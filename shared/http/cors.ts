// CORS for browser callers from the configured origins only. Mobile apps do not need it. Preflight
// requests (OPTIONS) reach the function, so the allowed origins live in one place: its configuration.
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Correlation-Id', 'X-Break-Glass-Reason'];
const EXPOSED_HEADERS = ['X-Correlation-Id', 'Location', 'Allow', 'Retry-After'];
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export function corsHeaders(origin: string | undefined, allowedOrigins: readonly string[]): Record<string, string> {
  if (!origin || !allowedOrigins.includes(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': EXPOSED_HEADERS.join(', '),
    Vary: 'Origin',
  };
}

export function preflightHeaders(origin: string | undefined, allowedOrigins: readonly string[], methods: string[]) {
  const base = corsHeaders(origin, allowedOrigins);
  if (!base['Access-Control-Allow-Origin']) return base;
  return {
    ...base,
    'Access-Control-Allow-Methods': [...methods, 'OPTIONS'].join(', '),
    'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS.join(', '),
    'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
  };
}

/** ALLOWED_ORIGINS as the infrastructure sets it: a comma-separated list. */
export const parseAllowedOrigins = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
