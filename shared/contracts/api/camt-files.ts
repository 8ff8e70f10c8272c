// Shapes of the camt ingestion endpoints: processing records of files and single messages, their
// rejected entries, a redrive. No amounts, names or message bodies: positions, reasons naming fields, counts.
import * as z from 'zod/mini';

export const CAMT_PAGE_SIZE = { default: 25, max: 100 } as const;

const FileId = z
  .string()
  .check(
    z.minLength(3),
    z.maxLength(140),
    z.regex(/^[fm]-[A-Za-z0-9-]+$/, 'fileId is f-<32 hex> for a file, m-<message id> for a single message'),
    z.describe('A file: f- and a digest of bucket, key and version. A single message: m- and its SQS message id.'),
  );

export const CamtFilePath = z.strictObject({ fileId: FileId });

const pageQuery = (what: string) =>
  z.strictObject({
    limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(CAMT_PAGE_SIZE.max)), CAMT_PAGE_SIZE.default),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024), z.describe(`nextCursor of the previous page of ${what}.`))),
  });

export const CamtFilesQuery = pageQuery('files');
export const CamtRejectionsQuery = pageQuery("this file's rejections");

const Count = z.number().check(z.int(), z.nonnegative());

export const CamtCounts = z.object({
  items: Count.check(z.describe('Balances and entries read.')),
  published: Count.check(z.describe('Events published to the bus.')),
  parked: Count.check(z.describe('Events parked for an account not known yet (GET /admin/parked-entries).')),
  rejected: Count.check(z.describe('Entries rejected alone (listed under rejections).')),
  skipped: Count.check(z.describe('Entries that are not bookings (pending, information).')),
});

export const CamtFileView = z.object({
  fileId: z.string(),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('S3'), bucket: z.string(), key: z.string(), versionId: z.nullable(z.string()), size: z.nullable(Count) }),
    z.object({ kind: z.literal('MESSAGE'), messageId: z.string().check(z.describe('The SQS message id; the message itself is not shown.')) }),
  ]),
  receivedAt: z.string(),
  status: z
    .enum(['RECEIVED', 'PROCESSING', 'DONE', 'REJECTED'])
    .check(z.describe('RECEIVED: notified, not started; PROCESSING: a run is under way; DONE; REJECTED: the file was refused whole (reason).')),
  run: Count.check(z.describe('1 for the first reading, one more for each redrive.')),
  message: z.nullable(z.object({ name: z.string(), version: Count })),
  reason: z.nullable(z.string().check(z.describe('Why the file was rejected whole, naming fields, never values.'))),
  finishedAt: z.nullable(z.string()),
  counts: CamtCounts.check(z.describe("The current run's counts, all its parts added.")),
});
export type CamtFileView = z.infer<typeof CamtFileView>;

export const CamtFilesPage = z.object({
  files: z.array(CamtFileView).check(z.describe('Newest first.')),
  nextCursor: z.nullable(z.string()),
});

export const CamtRejectionView = z.object({
  ordinal: Count.check(z.describe("The item's place among the file's balances and entries, from 1.")),
  position: z.string().check(z.describe('Where in the document, e.g. Stmt[1]/Ntry[12] (line 340).')),
  reason: z.string().check(z.describe('Field names (and bank transaction codes), never values.')),
  run: Count.check(z.describe('The run that rejected it.')),
});

export const CamtRejectionsPage = z.object({
  fileId: z.string(),
  rejections: z.array(CamtRejectionView).check(z.describe('In document order.')),
  nextCursor: z.nullable(z.string()),
});

export const CamtRedriveView = z.object({
  fileId: z.string(),
  run: Count.check(z.describe('The run queued: the file is read again from its source under this run.')),
});
