// The segment indexes stay sparse: nothing ingestion writes carries their keys (so a TransactionPosted
// still costs one write unit), and the stream filter lets through exactly the items that are figures.
import { describe, expect, it } from 'vitest';
import { compilePattern } from '../../../local/eventbridge/patterns';
import { coreBankingEvents, CORE_BANKING_DETAIL_TYPES, type CoreBankingEvent } from '../../../shared/contracts/events';
import { exampleDetails } from '../../../shared/contracts/events/examples';
import { recordChangesFor } from '../../../shared/domain/record-changes';
import { figureFilterPattern } from '../../../shared/domain/segment-index';
import { CUSTOMER_RECORDS_TABLE } from '../../../shared/adapters/table-layouts';

describe('the sparse segment indexes', () => {
  const indexKeys = CUSTOMER_RECORDS_TABLE.indexes.flatMap((i) => [i.partitionKey.name, i.sortKey.name]);
  it('are never written by ingestion', () => {
    expect(indexKeys).toEqual(['segmentPartition', 'segmentContribution', 'segmentShard', 'segmentContribution', 'parkedShard', 'parkedAt']);
    for (const detailType of CORE_BANKING_DETAIL_TYPES) {
      const e = { detailType, detail: coreBankingEvents[detailType].parse(exampleDetails[detailType]) } as CoreBankingEvent;
      for (const change of recordChangesFor(e)) {
        const attributes = change.kind === 'insertOnce' ? change.item : change.set;
        for (const key of indexKeys) expect(Object.keys(attributes), detailType).not.toContain(key);
      }
    }
  });
});

describe('the stream filter', () => {
  const matches = compilePattern(figureFilterPattern());
  const record = (SK: string) => ({ eventName: 'INSERT', dynamodb: { Keys: { PK: { S: 'CUSTOMER#C-1' }, SK: { S: SK } } } });
  it.each(['TL#2026-11-01T00:00:00.000Z#e', 'BAL#2026-11-01#A', 'LOAN#2026-11-01T00:00:00.000Z#e', 'ACCOUNT#A', 'PROFILE'])('lets %s through', (sk) => {
    expect(matches(record(sk))).toBe(true);
  });
  it.each(['CONTRIB#2026-11', 'SEGMENT', 'SEGMENT#00000002', 'MANAGER#RM-1', 'PROFILES', 'OWNER', 'ENTRY#PROFILE', 'ENTRY#evt-1'])('keeps out %s, so segmentation never triggers itself', (sk) => {
    expect(matches(record(sk))).toBe(false);
  });
});
