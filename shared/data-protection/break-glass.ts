// Break-glass: a member of staff reaching beyond need-to-know states why in the X-Break-Glass-Reason
// header, percent-encoded UTF-8 (HTTP header values are bytes read as Latin-1: a reason in Chinese
// travels as %E6%AC%BA..., a literal % as %25). The reason is free text kept in the access record and shown to compliance, so it is checked as
// free text is everywhere: trimmed, long enough to say something, bounded, and printable (no control,
// bidirectional-override or ill-formed UTF-16 characters that could hide what was written).
import { problems } from '../http/problems';

/** Counted once per break-glass access by the recording functions; alarmed on (infra/constructs/access-record.ts). */
export const BREAK_GLASS_METRIC = 'BreakGlassAccesses';
export const BREAK_GLASS_HEADER = 'x-break-glass-reason';
export const BREAK_GLASS_FIELD = `header.${BREAK_GLASS_HEADER}`;
export const BREAK_GLASS_REASON_CHARS = { min: 10, max: 500 } as const;

const UNSAFE =
  /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The stated reason, undefined without the header; a malformed reason is the client's 400. */
export function breakGlassReason(headers: Record<string, string>): string | undefined {
  const raw = headers[BREAK_GLASS_HEADER];
  if (raw === undefined) return undefined;
  const refuse = (message: string) => problems.invalidRequest([{ field: BREAK_GLASS_FIELD, message }]);
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw refuse('must be percent-encoded UTF-8 (a literal % as %25)');
  }
  const reason = decoded.trim();
  if (UNSAFE.test(reason)) throw refuse('must be printable text, without control or bidirectional characters');
  if (reason.length < BREAK_GLASS_REASON_CHARS.min) throw refuse(`must state the reason in at least ${BREAK_GLASS_REASON_CHARS.min} characters`);
  if (reason.length > BREAK_GLASS_REASON_CHARS.max) throw refuse(`must be at most ${BREAK_GLASS_REASON_CHARS.max} characters`);
  return reason;
}
