// Staff route of the accounts area: entries that wait for an account that has not arrived.
import * as z from 'zod/mini';
import { defineRoute } from './route-contract';

const ADMIN = ['admin'] as const;

export const ParkedEntriesQuery = z.strictObject({
  olderThanHours: z.optional(
    z.coerce
      .number()
      .check(z.int(), z.minimum(0), z.maximum(24 * 366), z.describe("Parked longer than this many hours. Default: the stage's alarm age.")),
  ),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(500)), 100),
});

export const ParkedEntriesReport = z.object({
  olderThanHours: z.number(),
  cutoff: z.string().check(z.describe('UTC instant: entries parked before it are listed.')),
  total: z.number().check(z.describe('How many entries were parked before the cutoff; entries lists the oldest of them.')),
  entries: z.array(
    z.object({
      accountId: z.string(),
      eventId: z.string(),
      producer: z.string().check(z.describe('The connector that sent it (its source is <eventSource>.<producer>).')),
      reference: z.string().check(z.describe('Where in its input it came from, e.g. a file key and entry position.')),
      parkedAt: z.string(),
    }),
  ),
});

export const listParkedEntries = defineRoute({
  operationId: 'listParkedEntries',
  method: 'GET',
  path: '/admin/parked-entries',
  summary: 'Entries waiting for an account that has not arrived, oldest first',
  description:
    'Entries a connector (ISO 20022, Fineract) mapped for an account whose AccountOpened the layer has not seen. ' +
    'They are applied when it arrives; these have waited longer than olderThanHours. No amounts or names: the ' +
    'reference says where to look.\n\nRoles: admin.',
  tags: ['admin'],
  access: { kind: 'roles', roles: ADMIN },
  request: { query: ParkedEntriesQuery },
  responses: { 200: { description: 'The overdue parked entries.', schema: ParkedEntriesReport } },
});

/** Served by the parked-entries-api function. */
export const parkedEntriesRoutes = [listParkedEntries] as const;
