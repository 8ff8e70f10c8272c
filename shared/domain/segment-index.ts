// The segment index and the stream filter, as data shared by the infrastructure, the local runtime's
// tests and the adapters, so that the three cannot disagree.
import { FIGURE_SK_PREFIXES } from './segment-record-keys';

/**
 * What the index projects besides its keys and the table's: enough for a page of
 * GET /segments/{segment}/customers and for the recalibration scan, nothing more, so that the scan reads
 * small items.
 */
export const SEGMENT_INDEX_PROJECTION = ['customerId', 'segment', 'branchId', 'managerId'] as const;

/**
 * The event source mapping's filter: only changes to the customer's figures (timeline, balances, loan
 * statuses, accounts, profile). Segmentation's own writes (CONTRIB#, SEGMENT…) never match, so its
 * writes do not trigger it again.
 */
export const figureFilterPattern = () => ({
  dynamodb: { Keys: { SK: { S: FIGURE_SK_PREFIXES.map((prefix) => (prefix === 'PROFILE' ? 'PROFILE' : { prefix })) } } },
});
