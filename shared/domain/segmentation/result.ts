// Expected failures (an unconfigured currency, parameters an admin got wrong) are values the caller
// must look at, not exceptions that a handler might forget to catch.
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
