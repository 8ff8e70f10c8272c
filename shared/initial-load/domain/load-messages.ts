// Messages of the load work queue. zod/mini: parsed in the worker Lambda. A message names its piece of
// work only; where the piece has got to is in the load's items (load-store.ts), so a redelivered or
// re-enqueued message continues from the last checkpoint rather than from what the message says.
import * as z from 'zod/mini';

const Id = z.string().check(z.minLength(1), z.maxLength(100));

/** Read and write one range of one file. */
export const LoadRangeWork = z.object({ kind: z.literal('RANGE'), loadId: Id, range: z.number().check(z.int(), z.nonnegative()) });

/** After every range: assess one parallel-scan segment of the customers, once each, then recalibrate. */
export const AssessWork = z.object({
  kind: z.literal('ASSESS'),
  loadId: Id,
  segment: z.number().check(z.int(), z.nonnegative()),
  totalSegments: z.number().check(z.int(), z.positive()),
  startKey: z.optional(z.record(z.string(), z.unknown())),
});

export const LoadWork = z.discriminatedUnion('kind', [LoadRangeWork, AssessWork]);
export type LoadWork = z.infer<typeof LoadWork>;
export type LoadRangeWork = z.infer<typeof LoadRangeWork>;
export type AssessWork = z.infer<typeof AssessWork>;
