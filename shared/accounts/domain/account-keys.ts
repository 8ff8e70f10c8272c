// Where the layer keeps which customer owns an account, and the entries that wait for an account it
// does not know yet. Both live in the customer-records table, outside every customer's partition:
//
//   PK                    SK                what
//   ACCOUNT#<accountId>   OWNER             the account's customer, from its AccountOpened (insert-once)
//   PARKED#<accountId>    ENTRY#<eventId>   an account-scoped entry waiting for its account (insert-once)
//
// A parked entry also carries the keys of a small sparse index (PARKED_INDEX): parkedShard
// (`PARKED#<0..7>`, a hash of account and eventId) and parkedAt, so that "parked for longer than N
// hours" is a Query per shard, oldest first, never a table scan. Only parked entries carry them.
//
// SKs never start with TL#, BAL#, LOAN#, ACCOUNT# or equal PROFILE: the segmentation stream's filter
// (figureFilterPattern) ignores both shapes, so neither wakes segmentation up.
import type { RecordChange } from '../../domain/record-changes';

export const ownerPk = (accountId: string) => `ACCOUNT#${accountId}`;
export const OWNER_SK = 'OWNER';
export const parkedPk = (accountId: string) => `PARKED#${accountId}`;
export const PARKED_SK_PREFIX = 'ENTRY#';
export const parkedSk = (eventId: string) => `${PARKED_SK_PREFIX}${eventId}`;

/** The sparse index of parked entries by age, spread over shards so no partition takes every park. */
export const PARKED_INDEX = 'parkedByAge';
export const PARKED_INDEX_PK = 'parkedShard';
export const PARKED_INDEX_SK = 'parkedAt';
export const PARKED_SHARDS = 8;
/** What the index projects besides its keys and the table's: what the overdue report shows. */
export const PARKED_INDEX_PROJECTION = ['accountId', 'eventId', 'producer', 'reference'] as const;

/**
 * FNV-1a over account and eventId, then MurmurHash3's finalizer (FNV's low bits depend only on the
 * inputs' low bits, so `% 8` alone would crowd similar ids into few shards). Stable: a re-park lands
 * on the same shard.
 */
export function parkedShard(accountId: string, eventId: string): string {
  let hash = 0x811c9dc5;
  for (const ch of `${accountId}#${eventId}`) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return `PARKED#${(hash >>> 0) % PARKED_SHARDS}`;
}
export const parkedShards = () => Array.from({ length: PARKED_SHARDS }, (_, i) => `PARKED#${i}`);

/**
 * The owner item an AccountOpened writes: insert-once, so the first AccountOpened of an account names
 * its customer for good and a redelivery (or a later, conflicting one) changes nothing.
 */
export function accountOwnerChange(opened: { accountId: string; customerId: string; eventId: string }): RecordChange {
  return {
    kind: 'insertOnce',
    key: { PK: ownerPk(opened.accountId), SK: OWNER_SK },
    item: { type: 'ACCOUNT_OWNER', accountId: opened.accountId, customerId: opened.customerId, eventId: opened.eventId },
  };
}
