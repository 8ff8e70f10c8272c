// API Gateway (REST, Lambda proxy) → the segmentation routes. Thin: clients and configuration once
// per cold start, routing in shared/http, the rules in shared/domain and shared/segmentation.
import { SQSClient } from '@aws-sdk/client-sqs';
import { CustomerScopeReader } from '../../shared/adapters/customer-scope';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { SegmentConfigStore } from '../../shared/adapters/segment-config';
import { SegmentIndexStore } from '../../shared/adapters/segment-index-store';
import { SegmentRoster } from '../../shared/adapters/segment-roster';
import { SegmentStore } from '../../shared/adapters/segment-store';
import { SqsWorkQueue } from '../../shared/adapters/segment-work-queue';
import { stageSegmentParameters } from '../../shared/segmentation/stage-parameters';
import { optionalEnv, requiredEnv } from '../../shared/runtime/env';
import { DEFAULT_TOTAL_SEGMENTS } from '../../shared/segmentation/recalibration';
import { apiHandler } from '../../shared/runtime/api-handler';
import { stageDataProtection } from '../../shared/runtime/data-protection';
import { tracer } from '../../shared/runtime/observability';
import { segmentationApiBindings } from './routes';

const tableName = requiredEnv('TABLE_NAME');
const client = tracer.captureAWSv3Client(dynamoDbClient());
const scopes = new CustomerScopeReader(client, tableName);

export const handler = apiHandler(
  segmentationApiBindings({
    store: new SegmentStore(client, tableName),
    index: new SegmentIndexStore(client, tableName),
    config: new SegmentConfigStore(client, tableName, stageSegmentParameters()),
    roster: new SegmentRoster(client, tableName),
    queue: new SqsWorkQueue(new SQSClient({ maxAttempts: 5 }), requiredEnv('WORK_QUEUE_URL')),
    now: () => new Date(),
    scanSegments: Number(optionalEnv('SCAN_SEGMENTS', String(DEFAULT_TOTAL_SEGMENTS))),
  }),
  stageDataProtection(client, { customer: (id) => scopes.scopeOf(id) }),
);
