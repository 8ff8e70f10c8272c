// What an approved erasure does to each item of the customer's partition. Pure: the adapter
// (shared/adapters/customer-erasure.ts) reads the partition and carries out these actions.
//
//   kind of item                        action
//   PROFILE                             becomes the tombstone: personal attributes removed (written first)
//   TL# transaction, interaction        kept for retention without counterparty and remittance text,
//   BAL#, LOAN#, ACCOUNT#               deleted by TTL when retention ends (financial records: MLR 2017
//                                       reg. 40, PRC AML law art. 19)
//   CONSENT#                            sealed WITHDRAWN: no late or replayed grant can reopen marketing
//   CONTRIB#, SEGMENT, SEGMENT#         deleted: profiling for marketing and service, no retention duty
//   anything else                       left as it is (the erasure request marker, an account's owner)
import { CONTRIBUTION_PREFIX, SEGMENT_SK, SEGMENT_HISTORY_PREFIX } from './segment-record-keys';
import { personalAttributesOf, retainUntilEpochSeconds, type Tombstone } from './personal-data';
import { ACCOUNT_PREFIX, BALANCE_PREFIX, CONSENT_PREFIX, LOAN_PREFIX, PROFILE_SK, TIMELINE_PREFIX } from './record-keys';

export type ErasureAction =
  | { kind: 'keep' }
  | { kind: 'strip'; personal: string[]; expiresAt: number }
  | { kind: 'delete' }
  | { kind: 'seal' };

const RETAINED = [TIMELINE_PREFIX, BALANCE_PREFIX, LOAN_PREFIX, ACCOUNT_PREFIX];
const PROFILING = [CONTRIBUTION_PREFIX, SEGMENT_HISTORY_PREFIX];

/** The instant a retained item records, for its retention period. */
const factAt = (item: Record<string, unknown>, fallback: string): string => {
  for (const name of ['occurredAt', 'loanStatusAt', 'closedOn', 'asOf', 'openedOn']) {
    if (typeof item[name] === 'string') return item[name] as string;
  }
  return fallback;
};

export function erasureActionFor(item: Record<string, unknown>, tombstone: Tombstone): ErasureAction {
  const sk = String(item.SK);
  if (sk === PROFILE_SK) return { kind: 'keep' };
  if (sk === SEGMENT_SK || PROFILING.some((p) => sk.startsWith(p))) return { kind: 'delete' };
  if (sk.startsWith(CONSENT_PREFIX)) return { kind: 'seal' };
  if (RETAINED.some((p) => sk.startsWith(p))) {
    return {
      kind: 'strip',
      personal: personalAttributesOf(item),
      expiresAt: retainUntilEpochSeconds(factAt(item, tombstone.erasedAt), tombstone.erasedAt, tombstone.retentionYears),
    };
  }
  return { kind: 'keep' };
}
