// GET /customers/{customerId}/timeline: transactions and interactions, newest first, page by page.
import * as z from 'zod';
import { INTERACTION_TYPES, TRANSACTION_KINDS } from '../events';
import { AccountId, CalendarDate, Channel, CustomerId, Instant, Money, TransferNetwork } from '../primitives';

export const TIMELINE_PAGE_SIZE = { default: 25, max: 100 } as const;

const TimeBound = z
  .union([Instant, CalendarDate])
  .describe('An instant with offset (2026-11-03T12:00:00+08:00) or a UTC calendar date (2026-11-03); inclusive.');

export const TimelineQuery = z
  .strictObject({
    channel: Channel.optional().describe('Only entries on this channel.'),
    from: TimeBound.optional(),
    to: TimeBound.optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(TIMELINE_PAGE_SIZE.max)
      .default(TIMELINE_PAGE_SIZE.default)
      .describe('Most entries on one page.'),
    cursor: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe('nextCursor of the previous page, with the same customer and filters.'),
  });
export type TimelineQuery = z.output<typeof TimelineQuery>;

const UtcInstant = z.string().describe('UTC instant, ISO 8601');

export const TransactionEntry = z.object({
  type: z.literal('TRANSACTION'),
  eventId: z.string(),
  occurredAt: UtcInstant,
  channel: Channel,
  accountId: AccountId,
  kind: z.enum(TRANSACTION_KINDS),
  direction: z.enum(['CREDIT', 'DEBIT']),
  amount: Money,
  fee: Money.nullable(),
  network: TransferNetwork.nullable(),
  merchantCategoryCode: z.string().nullable(),
});

export const InteractionEntry = z.object({
  type: z.literal('INTERACTION'),
  eventId: z.string(),
  occurredAt: UtcInstant,
  channel: Channel,
  interactionType: z.enum(INTERACTION_TYPES),
  agentAssisted: z.boolean(),
  durationSeconds: z.number().int().nullable(),
  topic: z.string().nullable(),
});

export const TimelineEntry = z.discriminatedUnion('type', [TransactionEntry, InteractionEntry]);
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const TimelinePage = z.object({
  customerId: CustomerId,
  entries: z.array(TimelineEntry).describe('Newest first.'),
  nextCursor: z
    .string()
    .nullable()
    .describe(
      'Pass as `cursor` for the next page; null when there is no more. A channel filter reads entries and filters ' +
        'them, so a page can hold fewer than `limit` entries (even none) and still have a nextCursor.',
    ),
});
export type TimelinePage = z.infer<typeof TimelinePage>;
