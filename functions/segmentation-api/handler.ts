// API Gateway (REST, Lambda proxy) → the segmentation routes. Thin: clients and configuration once
// per cold start, routing in shared/http, the rules in shared/domain and shared/segmentation.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { SegmentConfigStore } from '../../shared/adapters/segment-config';
import { SegmentIndexStore } from '../../shared/adapters/segment-index-store';
import { SegmentRoster } from '../../shared/adapters/segment-roster';
import { SegmentStore } from '../../shared/adapters/segment-store';
import { SqsWorkQueue } from '../../shared/adapters/segment-work-queue';
import { parseAllowedOrigins } from '../../shared/http/cors';
import { createRouter } from '../../shared/http/router';
import { stageSegmentParameters } from '../../shared/segmentation/stage-parameters';
import { optionalEnv, requiredEnv } from '../../shared/runtime/env';
import { logger, metrics, tracer } from '../../shared/runtime/observability';
import { segmentationApiBindings } from './routes';

const tableName = requiredEnv('TABLE_NAME');
const client = tracer.captureAWSv3Client(dynamoDbClient());

const route = createRouter({
  routes: segmentationApiBindings({
    store: new SegmentStore(client, tableName),
    index: new SegmentIndexStore(client, tableName),
    config: new SegmentConfigStore(client, tableName, stageSegmentParameters()),
    roster: new SegmentRoster(client, tableName),
    queue: new SqsWorkQueue(new SQSClient({ maxAttempts: 5 }), requiredEnv('WORK_QUEUE_URL')),
    now: () => new Date(),
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
