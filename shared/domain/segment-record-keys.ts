// Where segmentation keeps its state: the same single table as the customer records (record-keys.ts),
// in the customer's own partition where the state is the customer's, in small partitions of its own
// otherwise.
//
//   PK                     SK                          what
//   CUSTOMER#<id>          CONTRIB#<YYYY-MM>           the month's contribution, its terms and products held
//   CUSTOMER#<id>          SEGMENT                     current assignment: segment, reasons, trailing 12 months,
//                                                      trend, threshold used, manager, version (GSI keys below)
//   CUSTOMER#<id>          SEGMENT#<version, 8 digits> history: one item per segment change, never rewritten
//   SEGMENTATION           CONFIG                      parameters (admin edits) and the current MVC percentile
//   SEGMENTATION           ANALYTICS                   counts and totals per segment and branch, as of the last
//                                                      recalibration scan
//   BRANCH#<branchId>      MANAGER#<managerId>         relationship manager: branch, capacity, current load
//   RECALIBRATION#<runId>  RUN | PART#<segment>#<part>  a recalibration run and the partial histograms of its
//                                                      scan segments
//
// Sort-key order inside a customer partition is ACCOUNT# < BAL# < CONTRIB# < LOAN# < PROFILE < SEGMENT
// < SEGMENT#… < TL#, so that: the contributions and the loan history are one Query (CONTRIB#…LOAN#~),
// the profile and the assignment one Query (PROFILE…SEGMENT), the assignment and its history one Query.
//
// The two segment indexes are sparse: only SEGMENT items carry their keys, so a timeline or balance
// write costs what it did (one write unit), and each index holds exactly one entry per customer.
//   BySegmentBranch  segmentPartition = <segment>#<branchId>   one partition per segment and branch: a
//                    branch's list, and what the recalibration scans
//   BySegment        segmentShard = <segment>#<00..15>         the segment spread over 16 shards by a hash
//                    of the customer id: the cross-branch list reads the 16 and merges them. Never a whole
//                    segment in one partition (MVC of a bank of 10 M is 2 M); 16 keeps a page at 16
//                    Queries and a cursor under 2 KB, and gives a segment 16 partitions' write throughput.
//   both sorted by segmentContribution = trailing 12-month contribution (number): pages come out
//                    ordered by value, and "who crosses the new MVC threshold" is a key range, not a scan.
import { customerPk } from './record-keys';

export { customerPk };
export const CONTRIBUTION_PREFIX = 'CONTRIB#';
export const SEGMENT_SK = 'SEGMENT';
export const SEGMENT_HISTORY_PREFIX = 'SEGMENT#';
export const SEGMENTATION_PK = 'SEGMENTATION';
export const CONFIG_SK = 'CONFIG';
export const ANALYTICS_SK = 'ANALYTICS';
export const MANAGER_PREFIX = 'MANAGER#';

export const SEGMENT_INDEX = 'BySegmentBranch';
export const SEGMENT_INDEX_PK = 'segmentPartition';
export const SEGMENT_INDEX_SK = 'segmentContribution';
export const SEGMENT_SHARD_INDEX = 'BySegment';
export const SEGMENT_SHARD_INDEX_PK = 'segmentShard';
export const SEGMENT_SHARDS = 16;

export const contributionSk = (month: string) => `${CONTRIBUTION_PREFIX}${month}`;
export const segmentHistorySk = (version: number) => `${SEGMENT_HISTORY_PREFIX}${String(version).padStart(8, '0')}`;
export const segmentPartition = (segment: string, branchId: string) => `${segment}#${branchId}`;
export const segmentShardKey = (segment: string, shard: number) => `${segment}#${String(shard).padStart(2, '0')}`;
/** The customer's shard: FNV-1a of the id, so it never moves and customers spread evenly. */
export function segmentShardOf(segment: string, customerId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i++) hash = Math.imul(hash ^ customerId.charCodeAt(i), 0x01000193) >>> 0;
  return segmentShardKey(segment, hash % SEGMENT_SHARDS);
}
export const branchPk = (branchId: string) => `BRANCH#${branchId}`;
export const managerSk = (managerId: string) => `${MANAGER_PREFIX}${managerId}`;
export const recalibrationPk = (runId: string) => `RECALIBRATION#${runId}`;
export const RUN_SK = 'RUN';
export const partSk = (segment: number, part: number) => `PART#${String(segment).padStart(4, '0')}#${String(part).padStart(6, '0')}`;

/** The customer id of a CUSTOMER# partition key, or undefined for any other partition. */
export const customerIdOf = (pk: string) => (pk.startsWith('CUSTOMER#') ? pk.slice('CUSTOMER#'.length) : undefined);

/** Sort-key prefixes whose items are the customer's figures: a change to one re-evaluates the customer. */
export const FIGURE_SK_PREFIXES = ['TL#', 'BAL#', 'LOAN#', 'ACCOUNT#', 'PROFILE'] as const;
