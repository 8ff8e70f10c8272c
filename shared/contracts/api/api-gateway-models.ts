// API Gateway's view of a route contract: request models (JSON Schema draft-04, the only dialect API
// Gateway models speak) and which request parameters exist and are required. API Gateway checks these
// before the function runs; the function checks the same contract again, field by field.
import * as z from 'zod/mini';
import { parametersOf } from './openapi';
import type { RouteContract } from './route-contract';

/** The body's JSON Schema for an API Gateway model: draft-04, every definition inline. */
export function requestModelSchema(body: z.core.$ZodType): Record<string, unknown> {
  return z.toJSONSchema(body, { target: 'draft-04', io: 'input', reused: 'inline' }) as Record<string, unknown>;
}

/** `method.request.<where>.<name>` → required, for a method's RequestParameters. */
export function requestParameterFlags(route: RouteContract): Record<string, boolean> {
  const flags: Record<string, boolean> = {};
  const add = (where: 'path' | 'querystring' | 'header', schema: z.core.$ZodObject | undefined) => {
    for (const p of schema ? parametersOf(schema) : []) flags[`method.request.${where}.${p.name}`] = where === 'path' || p.required;
  };
  add('path', route.request.path);
  add('querystring', route.request.query);
  add('header', route.request.headers);
  return flags;
}
