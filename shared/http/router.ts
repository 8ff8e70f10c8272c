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
import type { AccessRecorder } from '../adapters/access-record-store';
import type { PersonalDataUse, RouteContract } from '../contracts/api/route-contract';
import type { AccessEntry } from '../data-protection/access-record';
import { breakGlassReason } from '../data-protection/break-glass';
import { decideAccess, type AccessDecision, type ScopeFacts } from '../data-protection/need-to-know';
import type { Pseudonymiser } from '../data-protection/pseudonyms';
import { callerFromClaims, type Caller } from './caller';
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
  /** Required when a route uses personal data (RouteAccess.personalData): need-to-know and the access record. */
  dataProtection?: DataProtection;
};

export type DataProtection = {
  facts: ScopeFacts;
  recorder: AccessRecorder;
  pseudonyms: Pseudonymiser;
  now?: () => Date;
  /** Called once per break-glass access: counted as a metric that alarms (infra/stack.ts). */
  onBreakGlass?: (operationId: string) => void;
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
  const dataProtection = options.dataProtection;
  for (const binding of options.routes) {
    const { path, method } = binding.contract;
    // A function serving customers' personal data without the access record would serve it unrecorded.
    if (personalDataOf(binding.contract) && !dataProtection) throw new Error(`${binding.contract.operationId} uses personal data: the router needs dataProtection`);
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
        const use = personalDataOf(binding.contract);
        const decision = use ? await decide(binding.contract, use, caller!, input, headers) : undefined;
        const recordAs = (customerIds: readonly string[]) => record(binding.contract, use!, decision!, caller!, correlationId, customerIds);
        if (use?.operation === 'change') await recordAs(decision!.customerId !== undefined ? [decision!.customerId] : (use.disclosed?.(undefined, input) ?? []));
        const reply = await binding.handle({ ...input, caller: caller!, correlationId, event } as Parameters<RouteBinding['handle']>[0]);
        // Only what was disclosed is recorded: a 404 under break-glass showed nothing.
        if (use?.operation === 'read' && reply.status < 300) {
          await recordAs(use.disclosed ? use.disclosed(reply.body, input) : decision!.customerId !== undefined ? [decision!.customerId] : []);
        }
        result = render(binding, reply, baseHeaders, decision?.view === 'PSEUDONYMISED' ? use!.pseudonymised : undefined);
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

  async function decide(contract: RouteContract, use: PersonalDataUse, caller: Caller, input: { params: unknown; query: unknown; body?: unknown }, headers: Record<string, string>) {
    const access = contract.access as Extract<RouteContract['access'], { kind: 'roles' }>;
    const reason = breakGlassReason(headers);
    const decision = await decideAccess(
      {
        use,
        ...(access.customerPathParam ? { customerPathParam: access.customerPathParam } : {}),
        caller,
        roles: caller.roles.filter((role) => access.roles.includes(role)),
        params: (input.params ?? {}) as Record<string, unknown>,
        query: (input.query ?? {}) as Record<string, unknown>,
        body: input.body,
        ...(reason !== undefined ? { breakGlassReason: reason } : {}),
      },
      dataProtection!.facts,
    );
    if (decision.grant === 'BREAK_GLASS') {
      // The operation and the role only: the reason is free text, kept in the access record alone.
      logger.warn('Break-glass access', { operation: contract.operationId, role: decision.role });
      dataProtection!.onBreakGlass?.(contract.operationId);
    }
    return decision;
  }

  /** Fail closed: without its entry in the access record, no data leaves and no change is made. */
  async function record(contract: RouteContract, use: PersonalDataUse, decision: AccessDecision, caller: Caller, correlationId: string, customerIds: readonly string[]) {
    if (customerIds.length === 0) return;
    const at = (dataProtection!.now?.() ?? new Date()).toISOString();
    const staffRef = decision.role === 'customer' ? undefined : dataProtection!.pseudonyms.staff(caller.subject);
    const entries = [...new Set(customerIds)].map(
      (customerId): AccessEntry => ({
        customerId,
        at,
        subject: caller.subject,
        role: decision.role,
        ...(staffRef ? { staffRef } : {}),
        operationId: contract.operationId,
        method: contract.method,
        route: contract.path,
        operation: use.operation,
        grant: decision.grant,
        view: decision.view,
        ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
        correlationId,
      }),
    );
    try {
      await dataProtection!.recorder.record(entries);
    } catch (error) {
      logger.error('Access record not written: request refused', { operation: contract.operationId, errorName: error instanceof Error ? error.name : typeof error });
      throw problems.serviceUnavailable();
    }
  }

  function render(binding: RouteBinding, reply: Reply, baseHeaders: Record<string, string>, pseudonymised?: PersonalDataUse['pseudonymised']): APIGatewayProxyResult {
    const spec = binding.contract.responses[reply.status];
    if (!spec) throw new Error(`${binding.contract.operationId} answered ${reply.status}, which its contract does not declare`);
    let body = '';
    // Analysts' answers are pseudonymised here and shaped by the pseudonymised schema: nothing else leaves.
    const schema = pseudonymised && reply.status < 300 ? pseudonymised.schema : spec.schema;
    const value = pseudonymised && reply.status < 300 ? pseudonymised.view(reply.body, dataProtection!.pseudonyms.customer) : reply.body;
    if (schema) {
      const shaped = z.safeParse(schema, value);
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

const personalDataOf = (contract: RouteContract): PersonalDataUse | undefined => (contract.access.kind === 'roles' ? contract.access.personalData : undefined);

const definedValues = (o: Record<string, string | undefined> | null | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(o ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
