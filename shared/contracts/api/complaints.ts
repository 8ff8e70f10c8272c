// Request and response shapes of the complaint endpoints (zod/mini: bundled into the complaint-api function).
import * as z from 'zod/mini';
import { COMPLAINT_CATEGORIES, COMPLAINT_QUEUES } from '../../domain/complaints/categories';
import { COMPLAINT_STATUSES } from '../../domain/complaints/complaint';
import { DEADLINE_KINDS } from '../../domain/complaints/deadlines';
import { PRIORITIES } from '../../domain/complaints/priority';
import { CFPB_RESPONSE_CODES } from '../../domain/complaints/resolution';
import { SEVERITIES } from '../../domain/complaints/severity';
import { COMPLAINT_CHANNELS } from '../events/complaint-events';
import { AccountId, CurrencyCode, CustomerId, EventId, FreeText } from '../primitives';

export const MAX_DESCRIPTION_CHARACTERS = 4000;
export const COMPLAINT_PAGE_SIZE = { default: 25, max: 100 } as const;

const text = FreeText;
const UtcInstant = z.string().check(z.describe('UTC instant, ISO 8601'));

export const ComplaintId = z
  .string()
  .check(z.regex(/^CMP-\d{8}-[0-9A-Z]{10}$/, 'must be a complaint id such as CMP-20261103-7QK2M9X4AB'), z.describe('Complaint id'));
export const ComplaintPathParams = z.strictObject({ complaintId: ComplaintId });
/** As the customer routes declare it, without importing their views into this bundle. */
export const CustomerPathParams = z.strictObject({ customerId: CustomerId });
export const QueuePathParams = z.strictObject({ queue: z.enum(COMPLAINT_QUEUES) });
const PositiveMoney = z.object({
  minor: z.number().check(z.int('must be an integer number of minor units'), z.positive(), z.refine(Number.isSafeInteger, 'out of range')),
  currency: CurrencyCode,
});

export const IdempotencyHeaders = z.object({
  'idempotency-key': z.optional(
    z
      .string()
      .check(
        z.regex(/^[A-Za-z0-9._:-]{1,128}$/, "1 to 128 of letters, digits, '.', '_', ':' and '-'"),
        z.describe('Makes the request safe to retry: the same key and body answer the same; the same key with another body is refused (422).'),
      ),
  ),
});

export const FileComplaintRequest = z.strictObject({
  customerId: z.optional(CustomerId).check(z.describe("Staff filing on a customer's behalf: whose complaint. A customer's own token decides it for a customer.")),
  description: text(MAX_DESCRIPTION_CHARACTERS, 'What happened, in the customer\'s words, in any language (up to 4,000 characters).'),
  channel: z.enum(COMPLAINT_CHANNELS).check(z.describe('Where the complaint was made.')),
  category: z.optional(z.enum(COMPLAINT_CATEGORIES)).check(z.describe('If the customer or staff chose one; otherwise it is classified from the CFPB names or the description.')),
  cfpb: z.optional(
    z.strictObject({
      product: z.optional(text(200, 'CFPB product name, e.g. "Checking or savings account"')),
      subProduct: z.optional(text(200, 'CFPB sub-product name')),
      issue: z.optional(text(200, 'CFPB issue name, e.g. "Managing an account"')),
      subIssue: z.optional(text(200, 'CFPB sub-issue name')),
    }),
  ),
  accountId: z.optional(AccountId),
  transactionId: z.optional(EventId).check(z.describe('The disputed transaction (its event id).')),
  disputedAmount: z.optional(PositiveMoney),
  contactPreference: z.optional(
    z.strictObject({
      method: z.enum(['PHONE', 'EMAIL', 'SMS', 'LETTER', 'IN_APP']),
      language: z.optional(z.enum(['en', 'zh'])),
    }),
  ),
  suspectedFraud: z.optional(z.boolean()),
});
export type FileComplaintRequest = z.output<typeof FileComplaintRequest>;

export const ComplaintAccepted = z.object({
  complaintId: ComplaintId,
  status: z.literal('RECEIVED'),
  receivedAt: UtcInstant,
  location: z.string().check(z.describe('Where to read the complaint: the same as the Location header.')),
});

const Relief = z.strictObject({
  monetary: z.optional(PositiveMoney),
  nonMonetary: z.optional(text(1000, 'What else was done: a fee waived, a record corrected, an apology.')),
});

export const ResolutionBody = z.strictObject({
  code: z.enum(CFPB_RESPONSE_CODES).check(z.describe('CFPB company response code; a resolution takes one of the CLOSED_WITH_* codes.')),
  relief: z.optional(Relief),
  summary: z.optional(text(2000, 'The answer given to the customer, in short.')),
});

export const TRANSITION_TARGETS = ['ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REOPENED', 'WITHDRAWN'] as const;

export const TransitionRequest = z.strictObject({
  to: z.enum(TRANSITION_TARGETS),
  note: z.optional(text(2000, 'Why: kept in the history.')),
  resolution: z.optional(ResolutionBody).check(z.describe('Required to resolve.')),
  expectedVersion: z.optional(
    z.number().check(z.int(), z.positive(), z.describe('The version the caller last saw; a newer stored version answers 409.')),
  ),
});
export type TransitionRequest = z.output<typeof TransitionRequest>;

const Assignee = z.object({
  kind: z.enum(['RELATIONSHIP_MANAGER', 'QUEUE']),
  managerId: z.optional(z.string()),
  queue: z.enum(COMPLAINT_QUEUES),
});

export const KnowledgeArticleBody = z.strictObject({
  category: z.enum(COMPLAINT_CATEGORIES),
  title: text(200, 'Title'),
  titleZh: z.optional(text(200, 'Title in Chinese')),
  summary: text(2000, 'Summary'),
  steps: z.array(text(1000, 'A step')).check(z.maxLength(30)),
  tags: z.array(text(60, 'A tag')).check(z.maxLength(30)),
});
export const KnowledgeArticleView = z.object({ id: z.string(), ...KnowledgeArticleBody.shape });

export const ComplaintView = z.object({
  complaintId: ComplaintId,
  customerId: CustomerId,
  status: z.enum(COMPLAINT_STATUSES),
  version: z.number().check(z.int(), z.describe('Pass as expectedVersion to move the complaint only from this state.')),
  channel: z.enum(COMPLAINT_CHANNELS),
  description: z.string(),
  category: z.nullable(z.enum(COMPLAINT_CATEGORIES)),
  receivedAt: UtcInstant,
  updatedAt: UtcInstant,
  acknowledgementDueAt: z.nullable(UtcInstant),
  resolutionDueAt: z.nullable(UtcInstant),
  acknowledgedAt: z.optional(UtcInstant),
  resolvedAt: z.optional(UtcInstant),
  closedAt: z.optional(UtcInstant),
  withdrawnAt: z.optional(UtcInstant),
  reopenCount: z.number(),
  resolution: z.optional(ResolutionBody),
  accountId: z.optional(z.string()),
  transactionId: z.optional(z.string()),
  disputedAmount: z.optional(PositiveMoney),
  contactPreference: z.optional(z.object({ method: z.string(), language: z.optional(z.string()) })),
  // Staff only from here on: customers never see how the bank ranks or routes them.
  queue: z.optional(z.enum(COMPLAINT_QUEUES)),
  assignee: z.optional(Assignee),
  handlerId: z.optional(z.string()),
  priority: z.optional(z.enum(PRIORITIES)),
  severity: z.optional(z.enum(SEVERITIES)),
  escalated: z.optional(z.boolean()),
  escalatedDeadlines: z.optional(z.array(z.enum(DEADLINE_KINDS))),
  routingReasons: z.optional(z.array(z.string())),
  classificationConfidence: z.optional(z.number()),
  suggestedArticles: z.optional(z.array(KnowledgeArticleView)).check(z.describe('Staff only: knowledge articles for the category.')),
});
export type ComplaintView = z.input<typeof ComplaintView>;

export const ComplaintSummary = z.object({
  complaintId: ComplaintId,
  customerId: CustomerId,
  status: z.enum(COMPLAINT_STATUSES),
  category: z.nullable(z.enum(COMPLAINT_CATEGORIES)),
  receivedAt: UtcInstant,
  updatedAt: UtcInstant,
  nextDueAt: z.nullable(UtcInstant).check(z.describe('When the next act is due: acknowledgement, then resolution.')),
  queue: z.optional(z.enum(COMPLAINT_QUEUES)),
  priority: z.optional(z.enum(PRIORITIES)),
  severity: z.optional(z.enum(SEVERITIES)),
  escalated: z.optional(z.boolean()),
  handlerId: z.optional(z.string()),
});
export type ComplaintSummary = z.input<typeof ComplaintSummary>;

export const ComplaintPage = z.object({
  items: z.array(ComplaintSummary),
  nextCursor: z.nullable(z.string()).check(z.describe('Pass as `cursor` for the next page; null when there is no more.')),
});

const pageQuery = {
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(COMPLAINT_PAGE_SIZE.max)), COMPLAINT_PAGE_SIZE.default),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
};
export const PageQuery = z.strictObject(pageQuery);
export const QueueQuery = z.strictObject({
  status: z.optional(z.enum(COMPLAINT_STATUSES)).check(z.describe('Only this status; by default every open status.')),
  ...pageQuery,
});

export const HistoryEntryView = z.object({
  version: z.number(),
  kind: z.enum(['RECEIPT', 'TRANSITION', 'ESCALATION']),
  from: z.nullable(z.enum(COMPLAINT_STATUSES)),
  to: z.enum(COMPLAINT_STATUSES),
  at: UtcInstant,
  actorRole: z.string(),
  // Staff only:
  actorId: z.optional(z.string()),
  note: z.optional(z.string()),
  resolution: z.optional(ResolutionBody),
  escalation: z.optional(z.object({ deadlines: z.array(z.enum(DEADLINE_KINDS)), priorityFrom: z.nullable(z.enum(PRIORITIES)), priorityTo: z.enum(PRIORITIES) })),
});
export const ComplaintHistory = z.object({ complaintId: ComplaintId, entries: z.array(HistoryEntryView) });
export type ComplaintHistory = z.input<typeof ComplaintHistory>;

