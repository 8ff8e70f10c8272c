// Shapes of the initial-load endpoints. zod/mini: bundled.
import * as z from 'zod/mini';
import { LOAD_STATES } from '../../initial-load/domain/load-progress';

const LoadId = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'loadId may hold letters, digits, ".", "_" and "-" only'));

export const LoadPath = z.strictObject({ loadId: LoadId });

export const StartLoadBody = z.strictObject({
  manifestKey: z.string().check(z.minLength(1), z.maxLength(1000), z.describe('Key of the manifest in the load bucket (docs/initial-load.md).')),
  loadId: z.optional(LoadId.check(z.describe('Names the load; the id of a load not finished resumes it. Default: a new id.'))),
});

const Count = z.number().check(z.int(), z.nonnegative());

export const LoadView = z.object({
  loadId: z.string(),
  state: z
    .enum(LOAD_STATES)
    .check(z.describe('LOADING: ranges being written; ASSESSING: every customer assessed once, then one recalibration; COMPLETED; FAILED: see failure (POST the same loadId to resume).')),
  manifestKey: z.string(),
  startedAt: z.string(),
  loadedAt: z.nullable(z.string()),
  completedAt: z.nullable(z.string()),
  files: z.object({ total: Count, done: Count }),
  ranges: z.object({ total: Count, done: Count }),
  lines: z.object({ done: Count, rejected: Count }),
  bytes: z.object({ total: Count, done: Count }),
  linesPerSecond: Count,
  estimatedSecondsLeft: z.nullable(Count),
  recalibrationRunId: z.nullable(z.string()),
  rejectedLinesReport: z.nullable(z.string().check(z.describe('Key in the load bucket: one JSON line per rejected line (file, line, reason).'))),
  failure: z.nullable(
    z.object({ reason: z.string().check(z.describe('What made the load fail, naming the file, range or limit; never a value of a line.')), at: z.string() }),
  ),
});
