// Validates what a request carries against its route contract. Parameters (path, query, headers) that
// fail give 400; a body that is not JSON 400, too large 413, not JSON-typed 415, invalid 422. Every
// problem names the field.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { DEFAULT_MAX_BODY_BYTES, type RouteContract } from '../contracts/api/route-contract';
import { fieldIssues, type FieldIssue } from '../contracts/validation-issues';
import { problems } from './problems';

export type RequestInput = { params: unknown; query: unknown; headers: unknown; body: unknown };

/** Zod's issues as field issues, with one issue per unknown key so that each is named. */
function issuesOf(error: z.core.$ZodError, prefix: string): FieldIssue[] {
  const mapped = fieldIssues(error, prefix);
  return error.issues.flatMap((issue, i) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: [prefix, ...issue.path.map(String), key].join('.'), message: 'is not accepted here' }))
      : [mapped[i]!],
  );
}

const isJsonMediaType = (contentType: string | undefined) =>
  contentType !== undefined && /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType.trim());

export function lowerCaseHeaders(event: APIGatewayProxyEvent): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  return headers;
}

export function readRequestInput(
  contract: RouteContract,
  event: APIGatewayProxyEvent,
  pathParams: Record<string, string>,
  headers: Record<string, string>,
): RequestInput {
  const { request } = contract;
  const issues: FieldIssue[] = [];
  const parse = (schema: z.core.$ZodType | undefined, value: unknown, prefix: string) => {
    if (!schema) return undefined;
    const result = z.safeParse(schema, value);
    if (result.success) return result.data;
    issues.push(...issuesOf(result.error, prefix));
    return undefined;
  };

  const params = parse(request.path, pathParams, 'path');
  const queryValues = event.queryStringParameters ?? {};
  let query: unknown;
  if (request.query) query = parse(request.query, queryValues, 'query');
  else issues.push(...Object.keys(queryValues).map((key) => ({ field: `query.${key}`, message: 'is not accepted here' })));
  const parsedHeaders = parse(request.headers, headers, 'header');
  if (issues.length) throw problems.invalidRequest(issues);

  let body: unknown;
  if (request.body) body = readBody(request.body, request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, event, headers);
  return { params, query, headers: parsedHeaders, body };
}

function readBody(schema: z.core.$ZodType, maxBytes: number, event: APIGatewayProxyEvent, headers: Record<string, string>) {
  const raw = event.body ?? '';
  const bytes = Buffer.byteLength(raw, event.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes > maxBytes) throw problems.contentTooLarge(maxBytes);
  let json: unknown = undefined;
  if (bytes > 0) {
    if (!isJsonMediaType(headers['content-type'])) throw problems.unsupportedMediaType();
    const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    try {
      json = JSON.parse(text);
    } catch {
      throw problems.malformedJson();
    }
  }
  const result = z.safeParse(schema, json);
  if (!result.success) throw problems.invalidBody(issuesOf(result.error, 'body'));
  return result.data;
}
