// The CSV customer master: RFC 4180 records in chunks of any size, the column mapping, and reasons that
// name columns, never values.
import { describe, expect, it } from 'vitest';
import { CsvRecordReader, customerFromRow, mapHeader } from '../../../shared/initial-load/domain/customer-master-csv';
import { resolveFiles } from '../../../shared/initial-load/domain/manifest';

const records = (text: string, chunk: number) => {
  const reader = new CsvRecordReader();
  const out = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...reader.push(text.slice(i, i + chunk)));
  return [...out, ...reader.end()];
};

describe('CsvRecordReader', () => {
  const text = 'a,b,c\r\n"x, y","he said ""hi""","two\r\nlines"\r\nplain,,last\n"open';
  it.each([1, 2, 5, 1000])('reads quotes, escaped quotes, CRLF and newlines inside quotes (chunks of %i)', (chunk) => {
    expect(records(text, chunk)).toEqual([
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['x, y', 'he said "hi"', 'two\r\nlines'], line: 2 },
      { fields: ['plain', '', 'last'], line: 4 },
      { error: 'a quoted field is not closed before the end of the file', line: 5 },
    ]);
  });

  it('refuses a quote inside an unquoted field, and text after a closing quote', () => {
    expect(records('a"b,c\n"x"y,z\n', 3)).toEqual([
      { error: 'a quote inside an unquoted field', line: 1 },
      { error: 'a quoted field is followed by text before the next comma', line: 2 },
    ]);
  });
});

describe('a row as CustomerOnboarded', () => {
  const header = mapHeader(['CUST', 'full_name', 'home_branch_id', 'income_band', 'customer_since', 'email', 'vulnerable', 'version'], { customerId: 'CUST' });
  if (!header.ok) throw new Error('header');

  it('maps the columns, the renamed one included, with defaults for what is absent', () => {
    const r = customerFromRow(['C-9', 'Li Wei', 'BR-1', 'high', '2020-01-02', '', 'yes', '3'], header, { customerId: 'CUST' });
    expect(r).toMatchObject({ ok: true, event: { detailType: 'CustomerOnboarded', detail: { customerId: 'C-9', eventId: 'csv:C-9:v3', occurredAt: '2020-01-02T00:00:00Z', profile: { version: 3, incomeBand: 'HIGH', vulnerable: true, preferredLanguage: 'en' } } } });
  });

  it('names the columns at fault, never their values', () => {
    const r = customerFromRow(['C-9', 'Li Wei', 'BR-1', 'RICH', 'someday', 'secret-not-an-email', 'maybe', 'x'], header, { customerId: 'CUST' });
    expect(r.ok).toBe(false);
    const reason = (r as { reason: string }).reason;
    for (const column of ['income_band', 'customer_since', 'email', 'vulnerable', 'version']) expect(reason).toContain(column);
    expect(reason).not.toContain('secret');
    expect(reason).not.toContain('RICH');
  });

  it('a header without a required column is refused, naming it', () => {
    expect(mapHeader(['name'])).toEqual({ ok: false, reason: 'header: missing column customer_id, full_name, home_branch_id' });
  });
});

describe('manifest files', () => {
  it('are keyed under the manifest folder, formats from their names', () => {
    expect(resolveFiles({ files: [{ key: 'a.jsonl.gz' }, { key: 'sub/b.ndjson' }, { key: 'm.CSV' }] }, 'exports/2026/manifest.json')).toEqual({
      ok: true,
      files: [
        { key: 'exports/2026/a.jsonl.gz', format: 'events-jsonl', gzip: true },
        { key: 'exports/2026/sub/b.ndjson', format: 'events-jsonl', gzip: false },
        { key: 'exports/2026/m.CSV', format: 'customer-master-csv', gzip: false },
      ],
    });
    expect(resolveFiles({ files: [{ key: 'a.txt' }] }, 'm.json')).toMatchObject({ ok: false, field: 'files.0.format' });
  });
});
