// API Gateway (REST, Lambda proxy) → knowledge articles (admin) and complaint analytics (analyst).
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ComplaintStore } from '../../shared/adapters/complaint-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { parseAllowedOrigins } from '../../shared/http/cors';
import { createRouter } from '../../shared/http/router';
import { optionalEnv, requiredEnv } from '../../shared/runtime/env';
import { logger, metrics, tracer } from '../../shared/runtime/observability';
import { complaintInsightBindings } from './routes';

const route = createRouter({
  routes: complaintInsightBindings({
    store: new ComplaintStore(tracer.captureAWSv3Client(dynamoDbClient()), requiredEnv('COMPLAINTS_TABLE_NAME')),
    now: () => new Date().toISOString(),
  }),
  logger,
  allowedOrigins: parseAllowedOrigins(optionalEnv('ALLOWED_ORIGINS', '')),
  onResponse: (status) => {
    metrics.addMetric('ApiRequests', MetricUnit.Count, 1);
    if (status >= 500) metrics.addMetric('ApiServerErrors', MetricUnit.Count, 1);
    else if (status >= 400) metrics.addMetric('ApiClientErrors', MetricUnit.Count, 1);
  },
});

export const handler = middy((event: APIGatewayProxyEvent) => route(event))
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
