// RFC 9457 problems as values a route can throw or return, and their HTTP rendering.
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, type ProblemDocument } from '../contracts/api/problem';
import type { FieldIssue } from '../contracts/validation-issues';

export type Problem = Omit<ProblemDocument, 'instance' | 'correlationId'> & {
  /** Extra response headers: Allow for 405, Retry-After for 503. */
  headers?: Record<string, string>;
};

/** Thrown by a route (or by the router) to answer with a problem document instead of a result. */
export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
    this.name = 'HttpProblem';
  }
}

const plain = (status: number, title: string, detail?: string, headers?: Record<string, string>) =>
  new HttpProblem({ type: PROBLEM_TYPES.plain, title, status, ...(detail ? { detail } : {}), ...(headers ? { headers } : {}) });

export const problems = {
  invalidRequest: (errors: FieldIssue[]) =>
    new HttpProblem({
      type: PROBLEM_TYPES.invalidRequest,
      title: 'Invalid request parameters',
      status: 400,
      detail: `Check ${errors.map((e) => e.field).join(', ')}.`,
      errors,
    }),
  malformedJson: () =>
    new HttpProblem({
      type: PROBLEM_TYPES.malformedJson,
      title: 'Body is not valid JSON',
      status: 400,
      errors: [{ field: 'body', message: 'is not valid JSON' }],
    }),
  invalidBody: (errors: FieldIssue[]) =>
    new HttpProblem({
      type: PROBLEM_TYPES.invalidBody,
      title: 'Body does not satisfy the schema',
      status: 422,
      detail: `Check ${errors.map((e) => e.field).join(', ')}.`,
      errors,
    }),
  unauthorized: () => plain(401, 'Unauthorized', 'A valid token is required.'),
  forbidden: (detail = 'Your roles do not allow this operation.') => plain(403, 'Forbidden', detail),
  notFound: (detail = 'There is nothing here.') => plain(404, 'Not Found', detail),
  methodNotAllowed: (allow: string[]) =>
    plain(405, 'Method Not Allowed', `This path accepts ${allow.join(', ')}.`, { Allow: allow.join(', ') }),
  contentTooLarge: (maxBytes: number) =>
    new HttpProblem({
      type: PROBLEM_TYPES.plain,
      title: 'Content Too Large',
      status: 413,
      detail: `The body may hold at most ${maxBytes} bytes.`,
      errors: [{ field: 'body', message: `larger than ${maxBytes} bytes` }],
    }),
  unsupportedMediaType: () =>
    new HttpProblem({
      type: PROBLEM_TYPES.plain,
      title: 'Unsupported Media Type',
      status: 415,
      detail: 'Send the body as application/json.',
      errors: [{ field: 'header.content-type', message: 'must be application/json' }],
    }),
  internalError: () => plain(500, 'Internal Server Error', 'Something failed on our side. Quote the correlationId to support.'),
  serviceUnavailable: () => plain(503, 'Service Unavailable', 'Busy right now: retry shortly.', { 'Retry-After': '1' }),
};

export type RenderContext = { instance: string; correlationId: string; headers: Record<string, string> };

export function renderProblem(problem: Problem, context: RenderContext) {
  const { headers, ...document } = problem;
  const body: ProblemDocument = { ...document, instance: context.instance, correlationId: context.correlationId };
  return {
    statusCode: problem.status,
    headers: { ...context.headers, ...headers, 'Content-Type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify(body),
  };
}
