// A customer's marketing consent in the customer-records table (CONSENT# items, record-keys.ts). A change
// through the API is the same newer-wins write as one from core banking's events (record-changes.ts).
import { QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { StoredConsent } from '../domain/marketing-consent';
import { consentChange, type ConsentChange } from '../domain/record-changes';
import { CONSENT_PREFIX, customerPk } from '../domain/record-keys';
import type { CustomerRecordsWriter } from './customer-records-writer';

export class ConsentStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly writer: CustomerRecordsWriter,
  ) {}

  /** Strongly consistent: a customer reads back the change they just made. */
  async consents(customerId: string): Promise<StoredConsent[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :c)',
        ExpressionAttributeValues: marshall({ ':pk': customerPk(customerId), ':c': CONSENT_PREFIX }),
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => unmarshall(i) as StoredConsent);
  }

  async change(customerId: string, change: ConsentChange): Promise<void> {
    await this.writer.apply([consentChange(customerId, change)]);
  }
}
