// Writes a large camt.053 statement to a file entry by entry, never holding it: for the streaming
// test and the benchmark (a statement of hundreds of thousands of entries, 100 MB or more).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { camtBlockClose, camtBlockOpen, camtDocumentClose, camtDocumentOpen, camtEntryXml, type CamtEntry } from './camt-documents';

const CODES = [
  { domain: 'PMNT', family: 'CCRD', subFamily: 'POSD' },
  { domain: 'PMNT', family: 'RCDT', subFamily: 'SALA' },
  { domain: 'PMNT', family: 'ICDT', subFamily: 'DMCT' },
  { domain: 'PMNT', family: 'CCRD', subFamily: 'CWDL' },
];

export function syntheticEntry(i: number, day = '2026-11-30'): CamtEntry {
  return {
    amount: `${(i % 9_000) + 1}.${String(i % 100).padStart(2, '0')}`,
    currency: 'CNY',
    direction: i % 3 === 0 ? 'CRDT' : 'DBIT',
    bookingDate: day,
    valueDate: day,
    acctSvcrRef: `BK-${day}-${String(i).padStart(9, '0')}`,
    code: CODES[i % CODES.length],
    charges: i % 10 === 0 ? ['1.50'] : undefined,
    transactions: [{ endToEndId: `E2E-${i}`, counterparty: `Counterparty ${i % 997}`, remittance: `Invoice ${i} for services rendered in November` }],
  };
}

/** Writes entries until the file reaches `targetBytes`; returns the entries written and the size. */
export async function writeLargeStatement(path: string, targetBytes: number, version = 8): Promise<{ entries: number; bytes: number }> {
  const out = createWriteStream(path);
  let bytes = 0;
  let entries = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(camtDocumentOpen('camt.053', version, 'BIG-1'));
  await write(camtBlockOpen('camt.053', { id: 'BIG-STMT', account: { other: { id: '6222021001', scheme: 'BBAN' }, currency: 'CNY' }, balances: [{ type: 'CLBD', amount: '1.00', currency: 'CNY', direction: 'CRDT', date: '2026-11-30' }], entries: [] }));
  while (bytes < targetBytes) {
    await write(camtEntryXml(syntheticEntry(entries), version) + '\n');
    entries += 1;
  }
  await write(camtBlockClose('camt.053') + camtDocumentClose('camt.053'));
  out.end();
  await once(out, 'close');
  return { entries, bytes };
}
