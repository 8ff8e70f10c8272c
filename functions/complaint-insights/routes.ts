// Knowledge administration and complaint analytics, bound to what answers them. A function of their own
// so that the complaint API's bundle carries neither the default articles nor the analytics.
import {
  deleteKnowledgeArticle,
  getComplaintAnalytics,
  getComplaintCalendar,
  listKnowledgeArticles,
  putComplaintCalendarYear,
  putKnowledgeArticle,
} from '../../shared/contracts/api/complaints-insight-routes';
import { ComplaintCalendarStore } from '../../shared/adapters/complaint-calendars';
import { calendarView, checkCalendarYear } from './complaint-calendar-admin';
import { DAY_MS } from '../../shared/domain/complaints/business-calendar';
import { DEFAULT_KNOWLEDGE_ARTICLES } from '../../shared/domain/complaints/knowledge';
import { KnowledgeBase } from '../../shared/adapters/complaint-knowledge';
import type { ComplaintStore } from '../../shared/adapters/complaint-store';
import type { ComplaintFigureStore } from '../../shared/adapters/complaint-figure-store';
import { problems } from '../../shared/http/problems';
import { bindRoute, type RouteBinding } from '../../shared/http/route-binding';
import { figuresFromCounters, publishedFigures } from './complaint-analytics';

export type ComplaintInsightsDeps = { store: ComplaintStore; figures: ComplaintFigureStore; calendars: ComplaintCalendarStore; now: () => string };

export function complaintInsightBindings(deps: ComplaintInsightsDeps): RouteBinding[] {
  const { store } = deps;
  const knowledge = new KnowledgeBase(store, deps.now, DEFAULT_KNOWLEDGE_ARTICLES);
  return [
    bindRoute(listKnowledgeArticles).to(async ({ query }) => {
      const articles = query.category ? await knowledge.forCategory(query.category) : await knowledge.all();
      return { status: 200, body: { items: articles.map((a) => ({ ...a, steps: [...a.steps], tags: [...a.tags] })) } };
    }),

    bindRoute(putKnowledgeArticle).to(async ({ params, body }) => {
      const article = { id: params.articleId, ...body };
      const outcome = await knowledge.put(article);
      return outcome === 'created' ? { status: 201, body: article } : { status: 200, body: article };
    }),

    bindRoute(deleteKnowledgeArticle).to(async ({ params }) => {
      if (!(await knowledge.delete(params.articleId))) throw problems.notFound('No article with this id.');
      return { status: 204, body: undefined };
    }),

    bindRoute(getComplaintAnalytics).to(async ({ query }) => {
      const now = deps.now();
      const to = query.to ?? now.slice(0, 10);
      const from = query.from ?? new Date(Date.parse(now) - 90 * DAY_MS).toISOString().slice(0, 10);
      if (from > to) throw problems.invalidRequest([{ field: 'query.from', message: 'must not be later than to' }]);
      // The daily counters and the overdue complaints, never the complaints of the range.
      const [counters, overdue] = await Promise.all([deps.figures.countersBetween(from, to), deps.figures.overdueBetween(from, to, now)]);
      return { status: 200, body: publishedFigures(figuresFromCounters(counters, overdue, { from, to }, now)) };
    }),

    bindRoute(getComplaintCalendar).to(async ({ params }) => ({
      status: 200,
      body: calendarView(params.jurisdiction, await deps.calendars.years(params.jurisdiction)),
    })),

    bindRoute(putComplaintCalendarYear).to(async ({ params, body }) => {
      const year = checkCalendarYear(params.jurisdiction, Number(params.year), body);
      const outcome = await deps.calendars.putYear(year, deps.now());
      return { status: outcome === 'created' ? 201 : 200, body: { ...year, holidays: [...year.holidays], makeUpWorkingDays: [...year.makeUpWorkingDays], origin: 'ADMIN' as const } };
    }),
  ];
}
