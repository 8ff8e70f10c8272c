// The manifest of one initial load: which export files, in which format. It lives beside the files in
// the load bucket, and its keys are relative to its own folder, so an export folder uploads as a whole.
//
//   { "files": [ { "key": "customers.jsonl.gz" }, { "key": "master.csv", "columns": { "customerId": "CUST_NO" } } ] }
//
// The format follows the name unless given: *.jsonl / *.ndjson are contract events one per line,
// *.csv is a customer master (customer-master-csv.ts); a further .gz means gzip.
import * as z from 'zod/mini';
import { CSV_FIELDS, type CsvColumns } from './customer-master-csv';

export const FILE_FORMATS = ['events-jsonl', 'customer-master-csv'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

const RelativeKey = z
  .string()
  .check(z.minLength(1), z.maxLength(900), z.regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._\-/=+]+$/, 'must be a key relative to the manifest, without ..'));

export const ManifestFile = z.object({
  key: RelativeKey,
  format: z.optional(z.enum(FILE_FORMATS)),
  gzip: z.optional(z.boolean()),
  /** CSV only: header names of the mapped fields where they differ from the defaults. */
  columns: z.optional(z.partialRecord(z.enum(CSV_FIELDS), z.string().check(z.minLength(1), z.maxLength(100)))),
});

export const LoadManifest = z.object({
  description: z.optional(z.string().check(z.maxLength(500))),
  files: z.array(ManifestFile).check(z.minLength(1), z.maxLength(1000)),
  /** The load fails once more lines than this are rejected (default: the stage's). */
  maxRejectedLines: z.optional(z.number().check(z.int(), z.nonnegative())),
});
export type LoadManifest = z.infer<typeof LoadManifest>;

/** A file of a load as the workers need it: the full bucket key and how to read it. */
export type LoadFile = { key: string; format: FileFormat; gzip: boolean; columns?: CsvColumns };

export type ResolvedFiles = { ok: true; files: LoadFile[] } | { ok: false; field: string; message: string };

/** The manifest's files with their bucket keys and formats, or the first file whose format is unknown. */
export function resolveFiles(manifest: LoadManifest, manifestKey: string): ResolvedFiles {
  const folder = manifestKey.includes('/') ? manifestKey.slice(0, manifestKey.lastIndexOf('/') + 1) : '';
  const files: LoadFile[] = [];
  for (const [i, f] of manifest.files.entries()) {
    const name = f.key.toLowerCase();
    const gzip = f.gzip ?? name.endsWith('.gz');
    const bare = gzip && name.endsWith('.gz') ? name.slice(0, -3) : name;
    const format = f.format ?? (/\.(jsonl|ndjson)$/.test(bare) ? 'events-jsonl' : bare.endsWith('.csv') ? 'customer-master-csv' : undefined);
    if (!format) return { ok: false, field: `files.${i}.format`, message: 'not given and not implied by the name (.jsonl, .ndjson, .csv, optionally .gz)' };
    files.push({ key: folder + f.key, format, gzip, ...(f.columns ? { columns: f.columns } : {}) });
  }
  return { ok: true, files };
}
