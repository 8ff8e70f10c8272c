import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * One client per cold start. Endpoint and region come from the SDK's own configuration
 * (AWS_ENDPOINT_URL_DYNAMODB locally), so no code path differs between AWS and the local stack.
 */
let client: DynamoDBClient | undefined;
export const dynamoDbClient = () => (client ??= new DynamoDBClient({ maxAttempts: 5 }));
