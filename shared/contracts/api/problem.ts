// RFC 9457 problem documents: the one shape of every error the API returns.
import * as z from 'zod/mini';
import '../english-messages';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Problem types the API uses beyond plain HTTP statuses. `about:blank` means "the status says it all"
 * (RFC 9457 §4.2.1): 401, 403, 404, 405, 413, 415, 429, 500, 503.
 */
export const PROBLEM_TYPES = {
  plain: 'about:blank',
  invalidRequest: '/problems/invalid-request',
  malformedJson: '/problems/malformed-json',
  invalidBody: '/problems/invalid-body',
} as const;

export const FieldIssueSchema = z.object({
  field: z
    .string()
    .check(z.describe("Where the problem is: 'path.customerId', 'query.limit', 'header.idempotency-key', 'body.amount.minor'.")),
  message: z.string(),
});

export const ProblemDocument = z.object({
  type: z.string().check(z.describe("A URI reference naming the kind of problem; 'about:blank' when the status says it all.")),
  title: z.string().check(z.describe('Short, human-readable summary of the kind of problem.')),
  status: z.number().check(z.int(), z.minimum(400), z.maximum(599)),
  detail: z.optional(z.string()).check(z.describe('What went wrong with this request. Never a stack trace.')),
  instance: z.optional(z.string()).check(z.describe('The request path this problem occurred on.')),
  correlationId: z.optional(z.string()).check(z.describe('Quote this to support: it finds the request in the logs.')),
  errors: z.optional(z.array(FieldIssueSchema)).check(z.describe('One entry per offending field, for validation problems.')),
});
export type ProblemDocument = z.infer<typeof ProblemDocument>;
