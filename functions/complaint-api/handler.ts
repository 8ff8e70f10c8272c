// API Gateway (REST, Lambda proxy) → the complaint API. Thin on purpose: configuration and clients once
// per cold start; routing, validation and authorization in shared/http, the rules in the domain.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { CustomerRecordsFacts } from '../../shared/adapters/complaint-customer-facts';
import { EventBridgeComplaintEvents } from '../../shared/adapters/complaint-event-publisher';
import { complaintSettingsFrom } from '../../shared/adapters/complaint-settings';
import { ComplaintStore } from '../../shared/adapters/complaint-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { parseAllowedOrigins } from '../../shared/http/cors';
import { createRouter } from '../../shared/http/router';
import { optionalEnv, requiredEnv } from '../../shared/runtime/env';
import { logger, metrics, tracer } from '../../shared/runtime/observability';
import { complaintApiBindings } from './routes';

const dynamo = tracer.captureAWSv3Client(dynamoDbClient());
const route = createRouter({
  routes: complaintApiBindings({
    store: new ComplaintStore(dynamo, requiredEnv('COMPLAINTS_TABLE_NAME')),
    facts: new CustomerRecordsFacts(dynamo, requiredEnv('CUSTOMER_RECORDS_TABLE_NAME')),
    events: new EventBridgeComplaintEvents(tracer.captureAWSv3Client(new EventBridgeClient({})), requiredEnv('EVENT_BUS_NAME')),
    settings: complaintSettingsFrom(process.env),
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
