// Builds the OpenAPI 3.1 document from route contracts: schemas from zod (z.toJSONSchema, JSON Schema
// 2020-12, which OpenAPI 3.1 uses as is), problem responses and the Cognito security scheme added to
// every route the same way.
import * as z from 'zod/mini';
import { PROBLEM_CONTENT_TYPE, FieldIssueSchema, ProblemDocument } from './problem';
import type { RouteContract } from './route-contract';

export type OpenApiInfo = { title: string; version: string; description: string };
type JsonObject = Record<string, unknown>;

const SECURITY_SCHEME = 'cognitoIdToken';

const PROBLEM_RESPONSES = {
  400: ['BadRequest', 'A path, query or header parameter is invalid, or the body is not JSON; `errors` names each field.'],
  401: ['Unauthorized', 'No valid token: missing, expired, or not signed by the user pool. Answered by API Gateway.'],
  403: ['Forbidden', "The caller's groups do not allow this route."],
  404: ['NotFound', 'No such route, or no such resource for this caller (a customer asking for anything not its own).'],
  405: ['MethodNotAllowed', 'The path exists but not with this method; the Allow header lists the methods it has.'],
  413: ['ContentTooLarge', 'The body is larger than this route accepts.'],
  415: ['UnsupportedMediaType', 'The body is not application/json.'],
  422: ['UnprocessableContent', 'The body is JSON but does not satisfy the schema; `errors` names each field.'],
  429: ['TooManyRequests', 'Throttled by API Gateway: retry later.'],
  500: ['InternalServerError', 'Something failed on our side; the problem carries no details, quote correlationId.'],
  503: ['ServiceUnavailable', 'A dependency is throttling or unavailable: retry later.'],
} as const satisfies Record<number, readonly [string, string]>;

type ProblemStatus = keyof typeof PROBLEM_RESPONSES;

/** Problems a route can answer with, from what it accepts and who may call it. */
export function problemStatusesOf(route: RouteContract): ProblemStatus[] {
  const statuses: ProblemStatus[] = [404, 405, 429, 500, 503];
  const { request } = route;
  if (request.path || request.query || request.headers || request.body) statuses.push(400);
  if (route.access.kind !== 'public') statuses.push(401, 403);
  if (request.body) statuses.push(413, 415, 422);
  return statuses.sort((a, b) => a - b);
}

const withoutDialect = (schema: JsonObject): JsonObject => {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
};

/** Which parameters a zod object accepts, and whether each may be left out. */
export function parametersOf(schema: z.core.$ZodObject): { name: string; schema: z.core.$ZodType; required: boolean }[] {
  return Object.entries(schema._zod.def.shape).map(([name, field]) => ({
    name,
    schema: field,
    required: !z.safeParse(field, undefined).success,
  }));
}

export function buildOpenApiDocument(
  routes: readonly RouteContract[],
  info: OpenApiInfo,
  /** Schemas worth a name in components.schemas; every other schema is inlined. */
  namedSchemas: Record<string, z.core.$ZodType>,
): JsonObject {
  const registry = z.registry<{ id: string }>();
  registry.add(ProblemDocument, { id: 'Problem' });
  registry.add(FieldIssueSchema, { id: 'FieldIssue' });
  for (const [id, schema] of Object.entries(namedSchemas)) registry.add(schema, { id });
  const ref = (id: string) => `#/components/schemas/${id}`;

  // One pass over every schema that appears in a body, so that shared pieces become $refs.
  const bodySchemas = new Map<z.core.$ZodType, string>();
  routes.forEach((route) => {
    Object.entries(route.responses).forEach(([status, spec]) => {
      if (spec.schema && !registry.has(spec.schema)) {
        const id = `${route.operationId}${status}`;
        registry.add(spec.schema, { id });
      }
      if (spec.schema) bodySchemas.set(spec.schema, registry.get(spec.schema)!.id);
    });
    if (route.request.body && !registry.has(route.request.body)) {
      registry.add(route.request.body, { id: `${route.operationId}Request` });
    }
  });
  // Output shapes for responses, input shapes for requests (defaults make fields optional there).
  const outputs = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'output', uri: ref }).schemas;
  const inputs = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'input', uri: ref }).schemas;
  const schemas: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(outputs)) schemas[id] = withoutDialect(schema as JsonObject);
  for (const route of routes) {
    const body = route.request.body;
    if (body) {
      const id = registry.get(body)!.id;
      schemas[id] = withoutDialect(inputs[id] as JsonObject);
    }
  }

  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const parameters: JsonObject[] = [];
    const addParameters = (where: 'path' | 'query' | 'header', schema: z.core.$ZodObject | undefined) => {
      if (!schema) return;
      for (const p of parametersOf(schema)) {
        const json = withoutDialect(z.toJSONSchema(p.schema, { target: 'draft-2020-12', io: 'input' }) as JsonObject);
        const { description, ...parameterSchema } = json;
        parameters.push({
          name: p.name,
          in: where,
          required: where === 'path' ? true : p.required,
          ...(description ? { description } : {}),
          schema: parameterSchema,
        });
      }
    };
    addParameters('path', route.request.path);
    addParameters('query', route.request.query);
    addParameters('header', route.request.headers);

    const responses: Record<string, JsonObject> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      responses[status] = {
        description: spec.description,
        ...(spec.schema
          ? { content: { [spec.contentType ?? 'application/json']: { schema: { $ref: ref(bodySchemas.get(spec.schema)!) } } } }
          : {}),
        ...(spec.headers
          ? { headers: Object.fromEntries(Object.entries(spec.headers).map(([h, d]) => [h, { description: d.description, schema: { type: 'string' } }])) }
          : {}),
      };
    }
    for (const status of problemStatusesOf(route)) {
      responses[String(status)] = { $ref: `#/components/responses/${PROBLEM_RESPONSES[status][0]}` };
    }

    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: [...route.tags],
      security: route.access.kind === 'public' ? [] : [{ [SECURITY_SCHEME]: [] }],
      ...(parameters.length ? { parameters } : {}),
      ...(route.request.body
        ? {
            requestBody: {
              required: !z.safeParse(route.request.body, undefined).success,
              content: { 'application/json': { schema: { $ref: ref(registry.get(route.request.body)!.id) } } },
            },
          }
        : {}),
      responses,
    };
  }

  const problemResponses = Object.fromEntries(
    Object.values(PROBLEM_RESPONSES).map(([name, description]) => [
      name,
      {
        description,
        headers: { 'x-correlation-id': { description: 'Correlation id of the request.', schema: { type: 'string' } } },
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: ref('Problem') } } },
      },
    ]),
  );

  return {
    openapi: '3.1.0',
    info,
    tags: [...new Set(routes.flatMap((r) => r.tags))].map((name) => ({ name })),
    security: [{ [SECURITY_SCHEME]: [] }],
    paths,
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'The ID token (not the access token) that the Cognito user pool issues at sign-in, as ' +
            '`Authorization: Bearer <token>`. Its `cognito:groups` claim holds the roles (customer, ' +
            'relationship-manager, complaint-handler, analyst, admin); a customer token carries `custom:customerId`.',
        },
      },
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      responses: problemResponses,
    },
  };
}
