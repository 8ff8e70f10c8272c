// API Gateway → GET /openapi.json. A function of its own because the document is large (tens of KB
// minified): embedded in the customer API it would push that bundle past its 250 KB budget and be
// parsed on every cold start of a function that rarely serves it.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import openApiDocument from '../../docs/openapi.json' with { type: 'json' };
import { getOpenApiDocument } from '../../shared/contracts/api/routes';
import { parseAllowedOrigins } from '../../shared/http/cors';
import { bindRoute } from '../../shared/http/route-binding';
import { createRouter } from '../../shared/http/router';
import { optionalEnv } from '../../shared/runtime/env';

// A logger only: no DynamoDB or downstream call to trace, and the X-Ray SDK would double the bundle.
const logger = new Logger();

const route = createRouter({
  routes: [
    bindRoute(getOpenApiDocument).to(async () => ({
      status: 200,
      body: openApiDocument,
      headers: { 'Cache-Control': 'public, max-age=300' },
    })),
  ],
  logger,
  allowedOrigins: parseAllowedOrigins(optionalEnv('ALLOWED_ORIGINS', '')),
});

export const handler = middy((event: APIGatewayProxyEvent) => route(event)).use(injectLambdaContext(logger, { resetKeys: true }));
