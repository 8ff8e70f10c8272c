// The simulator's bookings as camt files: every file the writer leaves in the bucket folder maps with
// the layer's own reader and mapping (dev's account rule), nothing is rejected, the statements repeat
// the notifications' bookings under the same eventIds, and the accounts named over the bus are the
// accountIds the mapping gives.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { camtFileWriter } from '../../../local/simulator/camt-files';
import { generateCoreBankingStream } from '../../../local/simulator/core-banking-stream';
import { eventsOf, outcomesOf } from '../iso20022/support';

const dir = mkdtempSync(join(tmpdir(), 'sim-camt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the simulator as camt files', () => {
  it('writes notifications and statements that map back to the same bookings', async () => {
    const writer = camtFileWriter({ bucketDir: dir });
    const overBus = [...writer.passThrough(generateCoreBankingStream({ customers: 6, days: 10, seed: 'camt' }))];
    const written = await writer.finish();
    const original = [...generateCoreBankingStream({ customers: 6, days: 10, seed: 'camt' })];
    const kept = original.length - overBus.length;
    expect(written.entries).toBeGreaterThan(20);
    expect(overBus.some((e) => e.detailType === 'TransactionPosted' && e.detail.accountId.startsWith('ACC-'))).toBe(false);

    const files = readdirSync(written.folder).filter((f) => f.endsWith('.xml'));
    expect(files.filter((f) => f.startsWith('camt054-'))).toHaveLength(written.notifications);
    expect(files.filter((f) => f.startsWith('camt053-'))).toHaveLength(written.statements);
    const fromNotifications = new Set<string>();
    const fromStatements = new Set<string>();
    const accounts = new Set<string>();
    for (const f of files) {
      const outcomes = await outcomesOf(readFileSync(join(written.folder, f), 'utf8'), 4096);
      expect(outcomes.filter((o) => o.kind !== 'events' && o.kind !== 'message')).toEqual([]);
      for (const e of eventsOf(outcomes)) {
        accounts.add(e.detail.accountId);
        if (e.detailType === 'TransactionPosted') (f.startsWith('camt054-') ? fromNotifications : fromStatements).add(e.detail.eventId);
      }
    }
    // Every booking twice (intraday and end of day), under one eventId.
    expect(fromNotifications.size).toBe(written.entries);
    expect(fromStatements).toEqual(fromNotifications);
    // The accounts the files name are the ones opened over the bus.
    const opened = new Set(overBus.flatMap((e) => (e.detailType === 'AccountOpened' ? [e.detail.accountId] : [])));
    for (const a of accounts) expect(opened.has(a)).toBe(true);
    expect(kept).toBe(written.entries + original.filter((e) => e.detailType === 'BalanceSnapshot').length - overBus.filter((e) => e.detailType === 'BalanceSnapshot').length);
  });
});
