// The simulator's seed as the export files of an initial load (docs/initial-load.md): the customers'
// onboarding as a CSV customer master, every other event as JSON Lines (optionally gzip) in the shape
// of schemas/events/ examples, and the manifest naming them. Written as a stream: 100,000 customers
// never sit in memory at once.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';
import { CORE_BANKING_SOURCE, type CoreBankingEvent } from '../../shared/contracts/events';
import { DEFAULT_CSV_COLUMNS, type CsvField } from '../../shared/initial-load/domain/customer-master-csv';

export type ExportOptions = {
  folder: string;
  /** Compress the events file. */
  gzip?: boolean;
  /** Split the events into this many files (default 1), so that several workers start at once. */
  eventFiles?: number;
};

export type ExportSummary = { manifest: string; customers: number; events: number; files: string[] };

const csvCell = (v: unknown) => {
  const s = v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

const CSV_ORDER: CsvField[] = ['customerId', 'fullName', 'dateOfBirth', 'email', 'phone', 'preferredLanguage', 'homeBranchId', 'incomeBand', 'customerSince', 'vulnerable', 'version', 'updatedAt'];

function customerRow(e: Extract<CoreBankingEvent, { detailType: 'CustomerOnboarded' }>): string {
  const p = e.detail.profile;
  const values: Partial<Record<CsvField, unknown>> = { customerId: e.detail.customerId, ...p, updatedAt: e.detail.occurredAt };
  return CSV_ORDER.map((f) => csvCell(values[f])).join(',') + '\r\n';
}

async function write(stream: WriteStream | Gzip, text: string) {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function writeExportFiles(events: Iterable<CoreBankingEvent>, options: ExportOptions): Promise<ExportSummary> {
  await mkdir(options.folder, { recursive: true });
  const parts = Math.max(1, options.eventFiles ?? 1);
  const ext = options.gzip ? 'jsonl.gz' : 'jsonl';
  const names = Array.from({ length: parts }, (_, i) => `events-${String(i + 1).padStart(3, '0')}.${ext}`);
  const sinks = names.map((n) => {
    const file = createWriteStream(join(options.folder, n));
    if (!options.gzip) return { head: file as WriteStream | Gzip, file };
    const gz = createGzip();
    gz.pipe(file);
    return { head: gz as WriteStream | Gzip, file };
  });
  const csv = createWriteStream(join(options.folder, 'customers.csv'));
  await write(csv, CSV_ORDER.map((f) => DEFAULT_CSV_COLUMNS[f]).join(',') + '\r\n');

  let customers = 0;
  let count = 0;
  const partOf = new Map<string, number>();
  for (const e of events) {
    if (e.detailType === 'CustomerOnboarded') {
      customers += 1;
      await write(csv, customerRow(e));
      continue;
    }
    count += 1;
    // One customer's events stay in one file: nothing depends on it, but it keeps a file's customers apart.
    let part = partOf.get(e.detail.customerId);
    if (part === undefined) partOf.set(e.detail.customerId, (part = partOf.size % parts));
    await write(sinks[part]!.head, JSON.stringify({ Source: CORE_BANKING_SOURCE, DetailType: e.detailType, Detail: e.detail }) + '\n');
  }
  await Promise.all([...sinks.map(async (s) => {
    s.head.end();
    await once(s.file, 'close');
  }), (async () => {
    csv.end();
    await once(csv, 'close');
  })()]);
  const manifest = { description: `Simulator seed: ${customers} customers, ${count} events`, files: [{ key: 'customers.csv' }, ...names.map((key) => ({ key }))] };
  await writeFile(join(options.folder, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return { manifest: join(options.folder, 'manifest.json'), customers, events: count, files: ['customers.csv', ...names] };
}
