// A small router over API Gateway REST proxy events (payload v1). It finds the route by resource and
// method, checks the caller's roles, validates the inputs against the contract, runs the route, and
// shapes the answer through the contract's response schema (so nothing undeclared leaves). Every failure
// is a problem document; client input never yields a 5xx, and a 500 carries no details.
//
// It logs one line per request with the correlation id, the operation and the status: never the path,
// the query or a body, which can hold personal data.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod/mini';
import { callerFromClaims } from './caller';
import { authorize } from './authorization';
import { correlationIdOf, CORRELATION_HEADER } from './correlation-id';
import { corsHeaders, preflightHeaders } from './cors';
import { HttpProblem, problems, renderProblem } from './problems';
import { lowerCaseHeaders, readRequestInput } from './request-input';
import type { Reply, RouteBinding } from './route-binding';
import { compareRank, matchTemplate, templateOf, type Template } from './route-matching';

/** What the router needs of Powertools' Logger. */
export type RouterLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'appendKeys' | 'removeKeys'>;

export type RouterOptions = {
  routes: readonly RouteBinding[];
  logger: RouterLogger;
  allowedOrigins?: readonly string[];
  /** Called once per response, e.g. to count 4xx and 5xx as metrics. */
  onResponse?: (status: number, operationId: string | undefined) => void;
};

type Resource = { template: Template; byMethod: Map<string, RouteBinding> };

const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TimeoutError',
]);

export function createRouter(options: RouterOptions) {
  const { logger, allowedOrigins = [] } = options;
  const resources = new Map<string, Resource>();
  for (const binding of options.routes) {
    const { path, method } = binding.contract;
    const resource = resources.get(path) ?? { template: templateOf(path), byMethod: new Map() };
    if (resource.byMethod.has(method)) throw new Error(`Two routes for ${method} ${path}`);
    resource.byMethod.set(method, binding);
    resources.set(path, resource);
  }

  /** By the resource API Gateway matched; by the path when it matched a catch-all ({proxy+}). */
  function findResource(event: APIGatewayProxyEvent): { resource: Resource; params: Record<string, string> } | undefined {
    const exact = event.resource ? resources.get(event.resource) : undefined;
    if (exact) return { resource: exact, params: definedValues(event.pathParameters) };
    let best: { resource: Resource; params: Record<string, string>; rank: number[] } | undefined;
    for (const resource of resources.values()) {
      const match = matchTemplate(resource.template, event.path ?? '');
      if (match && (!best || compareRank(match.rank, best.rank) > 0)) best = { resource, ...match };
    }
    return best;
  }

  return async function route(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const started = performance.now();
    const headers = lowerCaseHeaders(event);
    const correlationId = correlationIdOf(headers[CORRELATION_HEADER], event.requestContext?.requestId);
    logger.appendKeys({ correlation_id: correlationId });
    const origin = headers.origin;
    const baseHeaders = { ...corsHeaders(origin, allowedOrigins), 'X-Correlation-Id': correlationId };
    const instance = typeof event.path === 'string' ? event.path : '/';
    let operationId: string | undefined;
    let result: APIGatewayProxyResult;

    try {
      const found = findResource(event);
      if (!found) throw problems.notFound();
      const method = (event.httpMethod ?? '').toUpperCase();
      const allowed = [...found.resource.byMethod.keys()];
      if (method === 'OPTIONS') {
        result = { statusCode: 204, headers: { ...preflightHeaders(origin, allowedOrigins, allowed), 'X-Correlation-Id': correlationId }, body: '' };
      } else {
        const binding = found.resource.byMethod.get(method);
        if (!binding) throw problems.methodNotAllowed(allowed);
        operationId = binding.contract.operationId;
        const caller = callerFromClaims(event.requestContext?.authorizer?.claims);
        const denied = authorize(binding.contract.access, caller, found.params);
        if (denied) throw denied;
        const input = readRequestInput(binding.contract, event, found.params, headers);
        const reply = await binding.handle({ ...input, caller: caller!, correlationId, event } as Parameters<RouteBinding['handle']>[0]);
        result = render(binding, reply, baseHeaders);
      }
    } catch (error) {
      result = renderProblem(problemFor(error, operationId), { instance, correlationId, headers: baseHeaders });
    }

    logger.info('Request handled', {
      operation: operationId ?? null,
      method: event.httpMethod,
      resource: event.resource,
      status: result.statusCode,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
    options.onResponse?.(result.statusCode, operationId);
    logger.removeKeys(['correlation_id']);
    return result;
  };

  function render(binding: RouteBinding, reply: Reply, baseHeaders: Record<string, string>): APIGatewayProxyResult {
    const spec = binding.contract.responses[reply.status];
    if (!spec) throw new Error(`${binding.contract.operationId} answered ${reply.status}, which its contract does not declare`);
    let body = '';
    if (spec.schema) {
      const shaped = z.safeParse(spec.schema, reply.body);
      if (!shaped.success) throw new ResponseContractError(binding.contract.operationId, shaped.error);
      body = JSON.stringify(shaped.data);
    }
    return {
      statusCode: reply.status,
      headers: { ...baseHeaders, ...reply.headers, ...(spec.schema ? { 'Content-Type': spec.contentType ?? 'application/json' } : {}) },
      body,
    };
  }

  function problemFor(error: unknown, operationId: string | undefined) {
    if (error instanceof HttpProblem) return error.problem;
    const name = error instanceof Error ? error.name : typeof error;
    if (THROTTLING_ERRORS.has(name) || (error as { $retryable?: unknown })?.$retryable) {
      logger.warn('Dependency throttled or unavailable', { operation: operationId, errorName: name });
      return problems.serviceUnavailable().problem;
    }
    if (error instanceof ResponseContractError) {
      // Paths and codes only: the values are the customer's data.
      logger.error('Response does not satisfy its contract', { operation: operationId, issues: error.summary });
    } else {
      if (error instanceof Error) logger.error('Unexpected error', error);
      else logger.error('Unexpected error', { errorName: name });
    }
    return problems.internalError().problem;
  }
}

class ResponseContractError extends Error {
  readonly summary: string[];
  constructor(operationId: string, error: z.core.$ZodError) {
    super(`${operationId}: response does not satisfy its contract`);
    this.name = 'ResponseContractError';
    this.summary = error.issues.map((i) => `${i.path.join('.')}: ${i.code}`);
  }
}

const definedValues = (o: Record<string, string | undefined> | null | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(o ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
