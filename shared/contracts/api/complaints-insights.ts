// Request and response shapes of the knowledge and analytics endpoints (the complaint-insights function).
import * as z from 'zod/mini';
import { COMPLAINT_CATEGORIES, COMPLAINT_QUEUES } from '../../domain/complaints/categories';
import { KnowledgeArticleView } from './complaints';
import { DateRange } from '../primitives';
import { MINIMUM_GROUP_SIZE } from '../../data-protection/small-groups';

/** A year is the longest reporting period asked for (at most 13 months of daily figures are read). */
export const ANALYTICS_MAX_DAYS = 366;

export const ArticlePathParams = z.strictObject({
  articleId: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" and "-" only')),
});

export const KnowledgeArticleList = z.object({ items: z.array(KnowledgeArticleView) });
export const KnowledgeQuery = z.strictObject({ category: z.optional(z.enum(COMPLAINT_CATEGORIES)) });

const UtcInstant = z.string().check(z.describe('UTC instant, ISO 8601'));

export const AnalyticsQuery = z.strictObject({
  from: z.optional(z.iso.date()).check(z.describe('First day received (UTC), inclusive; default 90 days ago.')),
  to: z.optional(z.iso.date()).check(z.describe('Last day received (UTC), inclusive; default today.')),
}).check(DateRange({ maxDays: ANALYTICS_MAX_DAYS }), z.describe(`from ≤ to, at most ${ANALYTICS_MAX_DAYS} days, within 1900-01-01 and tomorrow.`));

const Count = z.number().check(z.int());
const Figure = z.nullable(Count).check(z.describe(`null when withheld (listed in suppressed): a group of 1 to ${MINIMUM_GROUP_SIZE - 1} complaints, or one that would reveal such a group`));
export const ComplaintAnalytics = z.object({
  from: z.string(),
  to: z.string(),
  asOf: UtcInstant,
  minimumGroupSize: Count.check(z.describe('No published figure counts fewer complaints than this (zero excepted).')),
  suppressed: z.array(z.string()).check(z.describe('The figures withheld, by name (e.g. "byCategory.MIS_SELLING", "overdueNow").')),
  received: Figure,
  byCategory: z.record(z.enum(COMPLAINT_CATEGORIES), Figure),
  byQueue: z.record(z.enum(COMPLAINT_QUEUES), Figure),
  resolved: Figure,
  resolvedWithinDeadline: Figure,
  shareResolvedWithinDeadline: z.nullable(z.number()).check(z.describe('Of the complaints resolved, the share resolved by their resolution due time; null if none, or if either count is withheld.')),
  medianHoursToResolve: z
    .nullable(z.number())
    .check(z.describe('Read from buckets of hours: within 0.5 h of the exact median below a day, 2 h below a week, 12 h below 8 weeks, 84 h below a year; null if none resolved or the count is withheld.')),
  openNow: Figure,
  overdueNow: Figure.check(z.describe('Open complaints received in the range whose next due time has passed.')),
});
export type ComplaintAnalytics = z.input<typeof ComplaintAnalytics>;
