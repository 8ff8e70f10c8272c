// The Lambda handler every API function exports: the router over its route bindings, CORS from
// ALLOWED_ORIGINS, the page-cursor signing keys (for a function that serves paginated routes),
// request/error metrics, and Powertools tracing, logging and metrics middleware.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { parseAllowedOrigins } from '../http/cors';
import type { RouteBinding } from '../http/route-binding';
import { createRouter, type DataProtection } from '../http/router';
import { useCursorKeys } from '../http/cursor';
import { cursorKeySource } from '../adapters/cursor-keys';
import { optionalEnv } from './env';
import { logger, metrics, tracer } from './observability';

export function apiHandler(routes: readonly RouteBinding[], dataProtection?: DataProtection) {
  const route = createRouter({
    routes,
    ...(dataProtection ? { dataProtection } : {}),
    logger,
    allowedOrigins: parseAllowedOrigins(optionalEnv('ALLOWED_ORIGINS', '')),
    onResponse: (status) => {
      metrics.addMetric('ApiRequests', MetricUnit.Count, 1);
      if (status >= 500) metrics.addMetric('ApiServerErrors', MetricUnit.Count, 1);
      else if (status >= 400) metrics.addMetric('ApiClientErrors', MetricUnit.Count, 1);
    },
  });
  const cursorKeys = cursorKeySource();
  return middy(async (event: APIGatewayProxyEvent) => {
    if (cursorKeys) useCursorKeys(await cursorKeys());
    return route(event);
  })
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
