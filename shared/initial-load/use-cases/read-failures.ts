// Which failures to read an export file no retry would cure: the object is gone, the worker may not read
// it, or it is not a whole gzip stream. Those fail the load at once with a reason naming the file;
// anything else (throttling, a dropped connection) is thrown, and SQS delivers the range again.

type AnyError = { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };

/** The reason, naming `field` (e.g. `files.2`) and the error's kind, never content; undefined if a retry may help. */
export function permanentReadFailure(error: unknown, field: string): string | undefined {
  const e = (error ?? {}) as AnyError;
  const status = e.$metadata?.httpStatusCode;
  if (['NoSuchKey', 'NotFound'].includes(e.name ?? '') || status === 404 || e.code === 'ENOENT') return `${field}.key: no such object in the load bucket any more`;
  if (e.name === 'AccessDenied' || status === 403 || e.code === 'EACCES') return `${field}.key: the worker may not read the object (${e.name ?? e.code})`;
  if (e.code?.startsWith('Z_') || e.code === 'ERR_ZLIB') return `${field}: not a whole gzip stream (${e.code})`;
  return undefined;
}
