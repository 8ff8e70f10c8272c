// Which customer owns an account, read from the owner items ingestion writes on AccountOpened.
// Strongly consistent reads: resolveAccounts relies on reading an owner written just before (see
// docs/accounts.md, "Why nothing stays parked").
import { BatchGetItemCommand, type BatchGetItemCommandOutput, GetItemCommand, type DynamoDBClient, type KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { OWNER_SK, ownerPk } from '../domain/account-keys';

/** BatchGetItem takes at most 100 keys per request. */
export const MAX_KEYS_PER_BATCH_GET = 100;

export type DirectoryOptions = { maxAttempts?: number; baseDelayMs?: number };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AccountDirectory {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    options: DirectoryOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseDelayMs = options.baseDelayMs ?? 50;
  }

  /** The customer who owns the account, or undefined while its AccountOpened has not been applied. */
  async ownerOf(accountId: string): Promise<string | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ PK: ownerPk(accountId), SK: OWNER_SK }),
        ProjectionExpression: 'customerId',
        ConsistentRead: true,
      }),
    );
    return out.Item ? (unmarshall(out.Item).customerId as string) : undefined;
  }

  /** Owners of the known accounts among `accountIds` (unknown ones are absent from the map). */
  async ownersOf(accountIds: Iterable<string>): Promise<Map<string, string>> {
    const unique = [...new Set(accountIds)];
    const owners = new Map<string, string>();
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += MAX_KEYS_PER_BATCH_GET) chunks.push(unique.slice(i, i + MAX_KEYS_PER_BATCH_GET));
    await Promise.all(chunks.map((chunk) => this.readChunk(chunk, owners)));
    return owners;
  }

  private async readChunk(accountIds: string[], owners: Map<string, string>) {
    let request: KeysAndAttributes | undefined = {
      Keys: accountIds.map((id) => marshall({ PK: ownerPk(id), SK: OWNER_SK })),
      ProjectionExpression: 'accountId, customerId',
      ConsistentRead: true,
    };
    for (let attempt = 1; request?.Keys?.length; attempt++) {
      const out: BatchGetItemCommandOutput = await this.client.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: request } }));
      for (const item of out.Responses?.[this.tableName] ?? []) {
        const { accountId, customerId } = unmarshall(item) as { accountId: string; customerId: string };
        owners.set(accountId, customerId);
      }
      // DynamoDB returns keys it did not read (throttling, the 16 MB response limit): read them again.
      request = out.UnprocessedKeys?.[this.tableName];
      if (!request?.Keys?.length) return;
      if (attempt >= this.maxAttempts) throw new Error(`BatchGetItem left ${request.Keys.length} owner keys unprocessed after ${attempt} attempts`);
      await sleep(Math.random() * this.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
