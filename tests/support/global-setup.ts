import 'vitest';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/services/dynamodb-local';
import { startSqsLocal } from '../../local/services/sqs-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    sqsEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const [dynamoDb, sqs] = await Promise.all([startDynamoDbLocal(), startSqsLocal()]);
  project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
  project.provide('sqsEndpoint', sqs.endpoint);
  return async () => {
    await Promise.all([dynamoDb.stop(), sqs.stop()]);
  };
}
