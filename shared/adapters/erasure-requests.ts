// Erasure requests in the customer-records table. A request is found by its id (the approval route) in
// one small partition of its own, which compliance lists; the customer's partition holds a marker of the
// open request so that a customer has at most one at a time (both written in one transaction).
//
//   PK                   SK                    what
//   ERASURE_REQUESTS     REQUEST#<requestId>   the request: customer, status, who approved it, when
//   CUSTOMER#<id>        ERASURE               the customer's open (or last) request
import {
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { customerPk } from '../domain/record-keys';

export const ERASURE_REQUESTS_PK = 'ERASURE_REQUESTS';
export const ERASURE_MARKER_SK = 'ERASURE';
const requestSk = (requestId: string) => `REQUEST#${requestId}`;

export type ErasureStatus = 'PENDING' | 'ERASED';

export type ErasureRequest = {
  requestId: string;
  customerId: string;
  status: ErasureStatus;
  requestedAt: string;
  approvedBy?: string;
  erasedAt?: string;
  retentionYears?: number;
  retentionRegulation?: string;
  counts?: { stripped: number; deleted: number; sealed: number; complaints: number };
};

export type CreateOutcome = { created: true; request: ErasureRequest } | { created: false; existing: ErasureRequest };

export class ErasureRequests {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** A new PENDING request, unless the customer has one open already (then that one). */
  async create(request: ErasureRequest): Promise<CreateOutcome> {
    try {
      await this.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: marshall({ PK: customerPk(request.customerId), SK: ERASURE_MARKER_SK, type: 'ERASURE_MARKER', requestId: request.requestId, status: 'PENDING' }),
                ConditionExpression: 'attribute_not_exists(PK) OR #s <> :pending',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: marshall({ ':pending': 'PENDING' }),
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: marshall({ PK: ERASURE_REQUESTS_PK, SK: requestSk(request.requestId), type: 'ERASURE_REQUEST', ...request }, { removeUndefinedValues: true }),
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
      return { created: true, request };
    } catch (error) {
      if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
      const marker = await this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: marshall({ PK: customerPk(request.customerId), SK: ERASURE_MARKER_SK }), ConsistentRead: true }),
      );
      const existing = marker.Item ? await this.get(String(unmarshall(marker.Item).requestId)) : undefined;
      if (!existing) throw error;
      return { created: false, existing };
    }
  }

  async get(requestId: string): Promise<ErasureRequest | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall({ PK: ERASURE_REQUESTS_PK, SK: requestSk(requestId) }), ConsistentRead: true }),
    );
    return out.Item ? toRequest(unmarshall(out.Item)) : undefined;
  }

  /** Requests in one status, oldest first, up to `limit`: what compliance works through. */
  async list(status: ErasureStatus, limit: number): Promise<ErasureRequest[]> {
    const found: ErasureRequest[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          FilterExpression: '#s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: marshall({ ':pk': ERASURE_REQUESTS_PK, ':s': status }),
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(out.Items ?? []).map((i) => toRequest(unmarshall(i))));
      start = out.LastEvaluatedKey;
    } while (start && found.length < limit);
    return found.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt)).slice(0, limit);
  }

  /** Records the finished erasure on the request and the customer's marker. */
  async markErased(request: ErasureRequest, done: Required<Pick<ErasureRequest, 'approvedBy' | 'erasedAt' | 'retentionYears' | 'retentionRegulation' | 'counts'>>) {
    await this.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: marshall({ PK: ERASURE_REQUESTS_PK, SK: requestSk(request.requestId) }),
              UpdateExpression: 'SET #s = :erased, approvedBy = :by, erasedAt = :at, retentionYears = :y, retentionRegulation = :r, #c = :counts',
              ExpressionAttributeNames: { '#s': 'status', '#c': 'counts' },
              ExpressionAttributeValues: marshall({
                ':erased': 'ERASED',
                ':by': done.approvedBy,
                ':at': done.erasedAt,
                ':y': done.retentionYears,
                ':r': done.retentionRegulation,
                ':counts': done.counts,
              }),
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: marshall({ PK: customerPk(request.customerId), SK: ERASURE_MARKER_SK }),
              UpdateExpression: 'SET #s = :erased',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: marshall({ ':erased': 'ERASED' }),
            },
          },
        ],
      }),
    );
  }
}

const toRequest = (o: Record<string, unknown>): ErasureRequest => {
  const { PK: _pk, SK: _sk, type: _type, ...rest } = o;
  return rest as ErasureRequest;
};
