// GET /customers/{customerId}/timeline: transactions and interactions, newest first, page by page.
import * as z from 'zod/mini';
import { INTERACTION_TYPES, TRANSACTION_KINDS } from '../events';
import { AccountId, CalendarDate, Channel, CustomerId, DateRange, Instant, Money, TransferNetwork } from '../primitives';

export const TIMELINE_PAGE_SIZE = { default: 25, max: 100 } as const;

const TimeBound = z
  .union([Instant, CalendarDate])
  .check(z.describe('An instant with offset (2026-11-03T12:00:00+08:00) or a UTC calendar date (2026-11-03); inclusive.'));

export const TimelineQuery = z.strictObject({
  channel: z.optional(Channel).check(z.describe('Only entries on this channel.')),
  from: z.optional(TimeBound),
  to: z.optional(TimeBound),
  limit: z
    ._default(
      z.coerce.number().check(z.int(), z.minimum(1), z.maximum(TIMELINE_PAGE_SIZE.max)),
      TIMELINE_PAGE_SIZE.default,
    )
    .check(z.describe('Most entries on one page.')),
  cursor: z
    .optional(z.string().check(z.minLength(1), z.maxLength(1024)))
    .check(z.describe('nextCursor of the previous page, with the same customer and filters.')),
  // No span limit: pages are read with a budget, so a customer's whole history is a fair request.
}).check(DateRange({}), z.describe('from ≤ to, both within 1900-01-01 and tomorrow.'));
export type TimelineQuery = z.output<typeof TimelineQuery>;

const UtcInstant = z.string().check(z.describe('UTC instant, ISO 8601'));

export const TransactionEntry = z.object({
  type: z.literal('TRANSACTION'),
  eventId: z.string(),
  occurredAt: UtcInstant,
  channel: Channel,
  accountId: AccountId,
  kind: z.enum(TRANSACTION_KINDS),
  direction: z.enum(['CREDIT', 'DEBIT']),
  amount: Money,
  fee: z.nullable(Money),
  network: z.nullable(TransferNetwork),
  merchantCategoryCode: z.nullable(z.string()),
  reversalOf: z
    .nullable(z.string())
    .check(z.describe("The eventId of the entry this one reverses (its own item: the original stays on the timeline). Null for an ordinary posting.")),
  counterpartyName: z
    .nullable(z.string())
    .check(z.describe('The other party as the bank reported it (ISO 20022 related party name), when it did. Personal data.')),
  remittanceInformation: z
    .nullable(z.string())
    .check(z.describe("The payment's unstructured remittance text, when the bank reported it. Personal data.")),
});

export const InteractionEntry = z.object({
  type: z.literal('INTERACTION'),
  eventId: z.string(),
  occurredAt: UtcInstant,
  channel: Channel,
  interactionType: z.enum(INTERACTION_TYPES),
  agentAssisted: z.boolean(),
  durationSeconds: z.nullable(z.number().check(z.int())),
  topic: z.nullable(z.string()),
});

export const TimelineEntry = z.discriminatedUnion('type', [TransactionEntry, InteractionEntry]);
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const TimelinePage = z.object({
  customerId: CustomerId,
  entries: z.array(TimelineEntry).check(z.describe('Newest first.')),
  nextCursor: z
    .nullable(z.string())
    .check(
      z.describe(
        'Pass as `cursor` for the next page; null when there is no more. A channel filter reads entries and filters ' +
          'them, so a page can hold fewer than `limit` entries (even none) and still have a nextCursor.',
      ),
    ),
});
export type TimelinePage = z.infer<typeof TimelinePage>;
