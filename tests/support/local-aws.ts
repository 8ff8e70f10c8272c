// Clients and fixtures against the DynamoDB Local and SQS started by global-setup.
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/services/dynamodb-local';
import { createLayoutTable } from '../../local/services/layout-tables';
import { ACCESS_RECORD_TABLE, CUSTOMER_RECORDS_TABLE } from '../../shared/adapters/table-layouts';

export const localClientConfig = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };

export const dynamoDb = () => new DynamoDBClient({ ...localClientConfig, endpoint: inject('dynamoDbEndpoint') });
export const sqs = () => new SQSClient({ ...localClientConfig, endpoint: inject('sqsEndpoint') });

/** Point the SDK inside handlers at the local services, the way the local stack does. */
export function useLocalAwsEnvironment() {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoDbEndpoint');
  process.env.AWS_ENDPOINT_URL_SQS = inject('sqsEndpoint');
  process.env.AWS_REGION = LOCAL_REGION;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_TRACE_ENABLED = 'false';
  process.env.POWERTOOLS_METRICS_NAMESPACE = 'CrmIntegration';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
}

/** A fresh customer-records table, keyed, indexed and streamed as infra/ declares it. */
export async function createCustomerTable(client = dynamoDb()): Promise<string> {
  return (await createLayoutTable(client, CUSTOMER_RECORDS_TABLE, 'customers')).tableName;
}

/** Test stand-in for the stage's pseudonym key (a generated secret when deployed). */
export const TEST_PSEUDONYM_KEY = 'test-pseudonym-key-0123456789abcdefghijklmnop';

/**
 * A fresh access-record table, named in the environment the recording API functions read (with the test
 * pseudonym key): call it before the handler loads.
 */
export async function useAccessRecord(client = dynamoDb()): Promise<string> {
  const { tableName } = await createLayoutTable(client, ACCESS_RECORD_TABLE, 'access');
  process.env.ACCESS_RECORD_TABLE_NAME = tableName;
  process.env.PSEUDONYM_KEY = TEST_PSEUDONYM_KEY;
  return tableName;
}

export async function createQueue(client = sqs()): Promise<string> {
  const out = await client.send(new CreateQueueCommand({ QueueName: `q-${randomUUID()}` }));
  return out.QueueUrl!;
}

/** Every item of a table, sorted by key: what "the table holds". */
export async function tableContents(tableName: string, customerIds: string[], client = dynamoDb()) {
  const items: Record<string, unknown>[] = [];
  for (const id of customerIds) {
    let start: Record<string, any> | undefined;
    do {
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': { S: `CUSTOMER#${id}` } },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
      start = out.LastEvaluatedKey;
    } while (start);
  }
  return items;
}
