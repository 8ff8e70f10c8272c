// `npm run bench -- iso20022`: entries per second through the camt reader + mapping, against the same
// reader reading the same file without mapping, in the same run (target: at least 0.5 of it). A
// generated camt.053 of 20 MB; five alternating rounds, medians. The machine is shared: read the ratio.
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLargeStatement } from '../local/simulator/camt-statement-file';
import { camtBookings } from '../shared/iso20022/domain/camt-bookings';
import { CamtSettings } from '../shared/iso20022/domain/camt-settings';
import { stages } from '../infra/stage-config';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function bench() {
  const dir = mkdtempSync(join(tmpdir(), 'camt-bench-'));
  try {
    const file = join(dir, 'statement.xml');
    const { entries, bytes } = await writeLargeStatement(file, 20 * 1024 * 1024);
    const settings = CamtSettings.parse(stages.dev.iso20022);
    const run = async (map: boolean) => {
      const start = performance.now();
      let n = 0;
      for await (const o of camtBookings(createReadStream(file, { highWaterMark: 64 * 1024 }), settings, { map })) if (o.kind !== 'message') n += 1;
      if (n !== entries + 1) throw new Error(`read ${n} items, expected ${entries + 1}`);
      return entries / ((performance.now() - start) / 1000);
    };
    const parseOnly: number[] = [];
    const parseAndMap: number[] = [];
    for (let round = 0; round < 5; round++) {
      parseOnly.push(await run(false));
      parseAndMap.push(await run(true));
    }
    const p = median(parseOnly);
    const m = median(parseAndMap);
    console.log(`\niso20022: ${entries} entries, ${(bytes / 1024 / 1024).toFixed(0)} MB camt.053.001.08, 5 alternating rounds, medians (shared machine)`);
    console.table([
      { path: 'reader only (saxes, entries built)', 'entries/s': Math.round(p) },
      { path: 'reader + mapping (TransactionPosted, eventIds)', 'entries/s': Math.round(m), ratio: (m / p).toFixed(2) },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
