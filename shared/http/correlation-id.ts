// The id that ties a request's log lines together: the client's x-correlation-id when it is a sane
// token (it ends up in logs, so nothing that could forge a log line), otherwise API Gateway's request id.
import { randomUUID } from 'node:crypto';

export const CORRELATION_HEADER = 'x-correlation-id';
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

export function correlationIdOf(headerValue: string | undefined, requestId: string | undefined): string {
  if (headerValue !== undefined && SANE.test(headerValue)) return headerValue;
  if (requestId !== undefined && SANE.test(requestId)) return requestId;
  return randomUUID();
}
