// API Gateway (REST, Lambda proxy) → the initial-load routes. Thin: clients once per cold start.
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { S3ExportFiles } from '../../shared/initial-load/adapters/export-files';
import { LoadStore } from '../../shared/initial-load/adapters/load-store';
import { SqsLoadQueue } from '../../shared/initial-load/adapters/load-work-queue';
import { DEFAULT_RANGE_BYTES } from '../../shared/initial-load/domain/load-ranges';
import { apiHandler } from '../../shared/runtime/api-handler';
import { optionalEnv, requiredEnv } from '../../shared/runtime/env';
import { tracer } from '../../shared/runtime/observability';
import { loadApiBindings } from './routes';

const client = tracer.captureAWSv3Client(dynamoDbClient());

export const handler = apiHandler(
  loadApiBindings({
    files: new S3ExportFiles(tracer.captureAWSv3Client(new S3Client({ maxAttempts: 5 })), requiredEnv('LOAD_BUCKET_NAME')),
    store: new LoadStore(client, requiredEnv('TABLE_NAME')),
    queue: new SqsLoadQueue(tracer.captureAWSv3Client(new SQSClient({ maxAttempts: 5 })), requiredEnv('LOAD_QUEUE_URL')),
    now: () => new Date(),
    rangeBytes: Number(optionalEnv('RANGE_BYTES', String(DEFAULT_RANGE_BYTES))),
    assessSegments: Number(requiredEnv('SCAN_SEGMENTS')),
    maxRejectedLines: Number(requiredEnv('MAX_REJECTED_LINES')),
  }),
);
