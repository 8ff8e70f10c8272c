// API Gateway (REST, Lambda proxy) → the customer API: customer 360, timeline, /me.
// Thin on purpose: configuration and clients once per cold start, routing and rules in shared/.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { CustomerRecordsReader } from '../../shared/adapters/customer-records-reader';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { SegmentStore } from '../../shared/adapters/segment-store';
import { parseAllowedOrigins } from '../../shared/http/cors';
import { createRouter } from '../../shared/http/router';
import { optionalEnv, requiredEnv } from '../../shared/runtime/env';
import { logger, metrics, tracer } from '../../shared/runtime/observability';
import { customerApiBindings } from './routes';

const client = tracer.captureAWSv3Client(dynamoDbClient());
const route = createRouter({
  routes: customerApiBindings({
    reader: new CustomerRecordsReader(client, requiredEnv('TABLE_NAME')),
    segments: new SegmentStore(client, requiredEnv('TABLE_NAME')),
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
