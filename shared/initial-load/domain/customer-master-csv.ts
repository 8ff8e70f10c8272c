// The customer master as CSV (RFC 4180: comma-separated, fields optionally in double quotes, "" for
// a quote inside one, CRLF or LF between records, newlines allowed inside quotes), for banks whose
// export tool writes only CSV. The first record is the header. Each row becomes a CustomerOnboarded
// event, validated by the contract's schema; a reason names the column, never its value.
//
// Column mapping (header names, case-insensitive; a manifest may rename any, see manifest.ts):
//
//   field              default header        notes
//   customerId         customer_id           required
//   fullName           full_name             required
//   dateOfBirth        date_of_birth         YYYY-MM-DD, optional
//   email              email                 optional
//   phone              phone                 optional
//   preferredLanguage  preferred_language    en | zh, default en
//   homeBranchId       home_branch_id        required
//   incomeBand         income_band           LOW | MIDDLE | HIGH | VERY_HIGH
//   customerSince      customer_since        YYYY-MM-DD
//   vulnerable         vulnerable            true/false, yes/no, y/n, 1/0; default false
//   version            version               profile version (integer ≥ 1), default 1
//   updatedAt          updated_at            instant with offset; default customer_since at 00:00Z
//
// The event id is derived (`csv:<customerId>:v<version>`): the same row loaded twice is the same event.
import { coreBankingEvents, type CoreBankingEvent } from '../../contracts/events';
import type { ParseResult } from '../../ingestion/parse-event';

export const CSV_FIELDS = [
  'customerId',
  'fullName',
  'dateOfBirth',
  'email',
  'phone',
  'preferredLanguage',
  'homeBranchId',
  'incomeBand',
  'customerSince',
  'vulnerable',
  'version',
  'updatedAt',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];
export type CsvColumns = Partial<Record<CsvField, string>>;

export const DEFAULT_CSV_COLUMNS: Record<CsvField, string> = {
  customerId: 'customer_id',
  fullName: 'full_name',
  dateOfBirth: 'date_of_birth',
  email: 'email',
  phone: 'phone',
  preferredLanguage: 'preferred_language',
  homeBranchId: 'home_branch_id',
  incomeBand: 'income_band',
  customerSince: 'customer_since',
  vulnerable: 'vulnerable',
  version: 'version',
  updatedAt: 'updated_at',
};

export type CsvRecord = { fields: string[]; line: number } | { error: string; line: number };

/**
 * An RFC 4180 record reader fed text in chunks of any size: records come out as soon as they are
 * complete, each with the physical line it starts on.
 */
export class CsvRecordReader {
  private field = '';
  private fields: string[] = [];
  private quoted = false; // inside a quoted field
  private afterQuote = false; // a quote just closed, or it is an escaped "" pair
  private fieldStarted = false;
  private line = 1;
  private recordLine = 1;
  private broken: string | undefined;
  private pendingCr = false;

  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (c === '\n') continue; // CRLF already ended the record
      }
      if (this.quoted) {
        if (c === '"') {
          this.quoted = false;
          this.afterQuote = true;
        } else {
          if (c === '\n') this.line += 1;
          this.field += c;
        }
        continue;
      }
      if (this.afterQuote) {
        this.afterQuote = false;
        if (c === '"') {
          this.field += '"';
          this.quoted = true;
          continue;
        }
        if (c !== ',' && c !== '\n' && c !== '\r') this.broken ??= 'a quoted field is followed by text before the next comma';
      }
      if (c === ',') {
        this.endField();
      } else if (c === '\n' || c === '\r') {
        if (c === '\r') this.pendingCr = true;
        out.push(this.endRecord());
        this.line += 1;
        this.recordLine = this.line;
      } else if (c === '"') {
        if (this.fieldStarted) this.broken ??= 'a quote inside an unquoted field';
        else this.quoted = true;
        this.fieldStarted = true;
      } else {
        this.field += c;
        this.fieldStarted = true;
      }
    }
    return out.filter((r) => !('fields' in r && r.fields.length === 1 && r.fields[0] === ''));
  }

  /** The last record (a file need not end with a newline); an open quote at the end is an error. */
  end(): CsvRecord[] {
    if (this.quoted) return [{ error: 'a quoted field is not closed before the end of the file', line: this.recordLine }];
    if (this.field === '' && this.fields.length === 0 && !this.fieldStarted) return [];
    return [this.endRecord()];
  }

  private endField() {
    this.fields.push(this.field);
    this.field = '';
    this.fieldStarted = false;
  }

  private endRecord(): CsvRecord {
    this.endField();
    const record: CsvRecord = this.broken ? { error: this.broken, line: this.recordLine } : { fields: this.fields, line: this.recordLine };
    this.fields = [];
    this.broken = undefined;
    return record;
  }
}

export type HeaderMap = { ok: true; index: Partial<Record<CsvField, number>>; width: number } | { ok: false; reason: string };

/** Where each mapped field sits in the rows, from the header; the three required columns must be there. */
export function mapHeader(header: string[], columns: CsvColumns = {}): HeaderMap {
  const names = { ...DEFAULT_CSV_COLUMNS, ...columns };
  const position = new Map(header.map((h, i) => [h.trim().toLowerCase(), i]));
  const index: Partial<Record<CsvField, number>> = {};
  for (const field of CSV_FIELDS) {
    const at = position.get(names[field].toLowerCase());
    if (at !== undefined) index[field] = at;
  }
  const missing = (['customerId', 'fullName', 'homeBranchId'] as const).filter((f) => index[f] === undefined).map((f) => names[f]);
  if (missing.length) return { ok: false, reason: `header: missing column ${missing.join(', ')}` };
  return { ok: true, index, width: header.length };
}

const BOOLEAN: Record<string, boolean> = { true: true, false: false, yes: true, no: false, y: true, n: false, '1': true, '0': false };

/** One data row → a validated CustomerOnboarded event, or a reason naming the columns at fault. */
export function customerFromRow(fields: string[], header: Extract<HeaderMap, { ok: true }>, columns: CsvColumns = {}): ParseResult {
  if (fields.length !== header.width) return { ok: false, reason: `row has ${fields.length} fields, the header ${header.width}` };
  const names = { ...DEFAULT_CSV_COLUMNS, ...columns };
  const cell = (f: CsvField) => {
    const at = header.index[f];
    const v = at === undefined ? undefined : fields[at]!.trim();
    return v === '' ? undefined : v;
  };
  const version = cell('version');
  const vulnerable = cell('vulnerable');
  const customerSince = cell('customerSince');
  const profile = {
    version: version === undefined ? 1 : /^\d+$/.test(version) ? Number(version) : version,
    fullName: cell('fullName'),
    dateOfBirth: cell('dateOfBirth'),
    email: cell('email'),
    phone: cell('phone'),
    preferredLanguage: cell('preferredLanguage')?.toLowerCase(),
    homeBranchId: cell('homeBranchId'),
    incomeBand: cell('incomeBand')?.toUpperCase(),
    customerSince,
    vulnerable: vulnerable === undefined ? undefined : (BOOLEAN[vulnerable.toLowerCase()] ?? vulnerable),
  };
  const customerId = cell('customerId');
  const detail = {
    schemaVersion: 1,
    eventId: `csv:${customerId ?? ''}:v${String(profile.version)}`,
    occurredAt: cell('updatedAt') ?? (customerSince ? `${customerSince}T00:00:00Z` : undefined),
    customerId,
    profile,
  };
  const parsed = coreBankingEvents.CustomerOnboarded.safeParse(detail);
  if (parsed.success) return { ok: true, event: { detailType: 'CustomerOnboarded', detail: parsed.data } as CoreBankingEvent };
  const columnOf = (path: PropertyKey[]): string => {
    const leaf = String(path[path.length - 1] ?? '');
    if (leaf === 'occurredAt') return names.updatedAt;
    if (leaf === 'eventId') return names.customerId;
    return (CSV_FIELDS as readonly string[]).includes(leaf) ? names[leaf as CsvField] : leaf;
  };
  const reasons = [...new Set(parsed.error.issues.map((i) => `${columnOf(i.path)}: ${i.message}`))];
  return { ok: false, reason: `CustomerOnboarded v1 from CSV: ${reasons.join('; ')}` };
}
