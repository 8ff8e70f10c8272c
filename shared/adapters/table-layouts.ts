// The two tables' keys, indexes, stream and expiry as data. infra/ declares the tables from it, and tests
// and benchmarks create them in DynamoDB Local from it, so a test can never run against a table shaped
// differently from the one that is deployed. The local runtime reads the synthesized template instead,
// which is declared from this.
import { INDEXES as COMPLAINT_INDEXES } from './complaint-table-keys';
import { STAFF_INDEX, STAFF_INDEX_PK } from '../data-protection/access-record';
import { SEGMENT_INDEX_PROJECTION } from '../domain/segment-index';
import { PARKED_INDEX, PARKED_INDEX_PK, PARKED_INDEX_PROJECTION, PARKED_INDEX_SK } from '../accounts/domain/account-keys';
import {
  SEGMENT_INDEX,
  SEGMENT_INDEX_PK,
  SEGMENT_INDEX_SK,
  SEGMENT_SHARD_INDEX,
  SEGMENT_SHARD_INDEX_PK,
} from '../domain/segment-record-keys';

export type KeyAttribute = { name: string; type: 'S' | 'N' };
export type IndexLayout = {
  name: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** Every attribute, or the non-key attributes to project besides the keys. */
  projection: 'ALL' | readonly string[];
};
export type TableLayout = {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  indexes: readonly IndexLayout[];
  /** KEYS_ONLY: what changed; NEW_IMAGE: the item as written, for a consumer that needs no read. */
  stream?: 'KEYS_ONLY' | 'NEW_IMAGE';
  timeToLiveAttribute?: string;
};

const TABLE_KEYS = { partitionKey: { name: 'PK', type: 'S' }, sortKey: { name: 'SK', type: 'S' } } as const;
const contribution: KeyAttribute = { name: SEGMENT_INDEX_SK, type: 'N' };

/**
 * Customer records (record-keys.ts, segment-record-keys.ts, accounts/domain/account-keys.ts): two sparse
 * indexes that only segment assignments carry and one that only parked entries carry, so ingestion's
 * writes cost what they did; a keys-only stream feeds re-evaluation.
 */
export const CUSTOMER_RECORDS_TABLE: TableLayout = {
  ...TABLE_KEYS,
  indexes: [
    { name: SEGMENT_INDEX, partitionKey: { name: SEGMENT_INDEX_PK, type: 'S' }, sortKey: contribution, projection: SEGMENT_INDEX_PROJECTION },
    { name: SEGMENT_SHARD_INDEX, partitionKey: { name: SEGMENT_SHARD_INDEX_PK, type: 'S' }, sortKey: contribution, projection: SEGMENT_INDEX_PROJECTION },
    // Entries parked for an account not known yet, by age (shared/accounts/domain/account-keys.ts).
    { name: PARKED_INDEX, partitionKey: { name: PARKED_INDEX_PK, type: 'S' }, sortKey: { name: PARKED_INDEX_SK, type: 'S' }, projection: PARKED_INDEX_PROJECTION },
  ],
  stream: 'KEYS_ONLY',
  // An erased customer's kept financial records carry the end of their retention (shared/domain/personal-data.ts).
  timeToLiveAttribute: 'expiresAt',
};

/** Complaints (complaint-table-keys.ts): four sparse indexes projecting whole complaints. */
export const COMPLAINTS_TABLE: TableLayout = {
  ...TABLE_KEYS,
  indexes: Object.values(COMPLAINT_INDEXES).map((index) => ({
    name: index.name,
    partitionKey: { name: index.pk, type: 'S' },
    sortKey: { name: index.sk, type: 'S' },
    projection: 'ALL',
  })),
  // Idempotency keys expire after a day (IDEMPOTENCY_TTL_SECONDS); nothing else carries the attribute.
  timeToLiveAttribute: 'expiresAt',
  // The routing outbox (complaint-outbox.ts): every complaint stored RECEIVED reaches the router through
  // the stream, with the item as written, so routing starts without reading it again.
  stream: 'NEW_IMAGE',
};

/**
 * ISO 20022 ingestion (shared/iso20022/adapters/camt-ingestion-store.ts): a processing record and the
 * rejected entries per file, and a listing partition. Its own table, without a stream, so that none of
 * its writes reach the customer-records stream.
 */
export const CAMT_INGESTION_TABLE: TableLayout = { ...TABLE_KEYS, indexes: [] };

/**
 * The access record (shared/data-protection/access-record.ts): a customer's accesses in its partition,
 * staff accesses by staff reference in a sparse index; entries expire after the stage's retention.
 */
export const ACCESS_RECORD_TABLE: TableLayout = {
  ...TABLE_KEYS,
  indexes: [{ name: STAFF_INDEX, partitionKey: { name: STAFF_INDEX_PK, type: 'S' }, sortKey: { name: 'SK', type: 'S' }, projection: 'ALL' }],
  timeToLiveAttribute: 'expiresAt',
};
