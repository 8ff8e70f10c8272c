// A generated statement of 100 MB parses and maps with the process's heap growing by less than a fixed
// bound: the reader holds one entry and its block's context, never the document.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { writeLargeStatement } from '../../../local/simulator/camt-statement-file';
import { camtBookings } from '../../../shared/iso20022/domain/camt-bookings';
import { settings } from './support';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SIZE = 100 * 1024 * 1024;
/** The bound: heap in use never more than this above where it started, whatever the file's size. */
const HEAP_GROWTH_BOUND = 48 * 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'camt-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a 100 MB statement', () => {
  it(`streams with the heap growing by less than ${HEAP_GROWTH_BOUND / 1024 / 1024} MB`, async () => {
    const file = join(dir, 'big.xml');
    const { entries, bytes } = await writeLargeStatement(file, SIZE);
    expect(bytes).toBeGreaterThanOrEqual(SIZE);
    gc();
    const start = process.memoryUsage().heapUsed;
    let peak = 0;
    let transactions = 0;
    let seen = 0;
    for await (const o of camtBookings(createReadStream(file, { highWaterMark: 64 * 1024 }), settings)) {
      if (o.kind === 'events') transactions += o.events.filter((e) => e.detailType === 'TransactionPosted').length;
      if (++seen % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - start);
    }
    expect(transactions).toBe(entries);
    // Sampled every 5,000 items: garbage between collections is inside the bound, a held document is not.
    expect(peak).toBeLessThan(HEAP_GROWTH_BOUND);
    console.log(`${entries} entries, ${(bytes / 1024 / 1024).toFixed(0)} MB: peak heap growth ${(peak / 1024 / 1024).toFixed(1)} MB`);
  }, 300_000);
});
