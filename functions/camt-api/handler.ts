// API Gateway (REST, Lambda proxy) → the camt ingestion routes. Thin: clients once per cold start, the
// rules in shared/iso20022. It reads the processing records and sends redrives to the file queue; the
// reading itself is camt-files' work.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { CamtIngestionStore } from '../../shared/iso20022/adapters/camt-ingestion-store';
import { apiHandler } from '../../shared/runtime/api-handler';
import { requiredEnv } from '../../shared/runtime/env';
import { tracer } from '../../shared/runtime/observability';
import { camtApiBindings } from './routes';

const sqs = tracer.captureAWSv3Client(new SQSClient({ maxAttempts: 5 }));
const workQueueUrl = requiredEnv('WORK_QUEUE_URL');

export const handler = apiHandler(
  camtApiBindings({
    store: new CamtIngestionStore(tracer.captureAWSv3Client(dynamoDbClient()), requiredEnv('CAMT_TABLE_NAME')),
    queueRedrive: async (work) => {
      await sqs.send(new SendMessageCommand({ QueueUrl: workQueueUrl, MessageBody: JSON.stringify(work) }));
    },
  }),
);
