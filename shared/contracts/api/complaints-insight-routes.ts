// The knowledge and analytics routes, served by the complaint-insights function (a table of their own so
// that the complaint API's bundle carries neither).
import { AnalyticsQuery, ArticlePathParams, ComplaintAnalytics, KnowledgeArticleList, KnowledgeQuery } from './complaints-insights';
import { complaintApiRoutes } from './complaints-routes';
import { KnowledgeArticleBody, KnowledgeArticleView } from './complaints';
import { CalendarPathParams, CalendarView, CalendarYearBody, CalendarYearPathParams, CalendarYearView } from './complaint-calendars';
import { defineRoute } from './route-contract';
import { STAFF_ROLES } from './roles';

const rolesLine = (roles: readonly string[]) => `\n\nRoles: ${roles.join(', ')}.`;
const body32k = 32 * 1024;

export const listKnowledgeArticles = defineRoute({
  operationId: 'listKnowledgeArticles',
  method: 'GET',
  path: '/knowledge/articles',
  summary: 'Knowledge articles for complaint handlers',
  description: 'Guidance per complaint category, seeded with a default set on first use.' + rolesLine(STAFF_ROLES),
  tags: ['knowledge'],
  access: { kind: 'roles', roles: STAFF_ROLES },
  request: { query: KnowledgeQuery },
  responses: { 200: { description: 'The articles.', schema: KnowledgeArticleList } },
});

export const putKnowledgeArticle = defineRoute({
  operationId: 'putKnowledgeArticle',
  method: 'PUT',
  path: '/knowledge/articles/{articleId}',
  summary: 'Create or replace a knowledge article',
  description: 'Writes the article under this id: 201 when new, 200 when it replaced one.' + rolesLine(['admin']),
  tags: ['knowledge'],
  access: { kind: 'roles', roles: ['admin'] },
  request: { path: ArticlePathParams, body: KnowledgeArticleBody, maxBodyBytes: body32k },
  responses: {
    200: { description: 'Replaced.', schema: KnowledgeArticleView },
    201: { description: 'Created.', schema: KnowledgeArticleView },
  },
});

export const deleteKnowledgeArticle = defineRoute({
  operationId: 'deleteKnowledgeArticle',
  method: 'DELETE',
  path: '/knowledge/articles/{articleId}',
  summary: 'Delete a knowledge article',
  description: 'Removes the article; a default article deleted stays deleted.' + rolesLine(['admin']),
  tags: ['knowledge'],
  access: { kind: 'roles', roles: ['admin'] },
  request: { path: ArticlePathParams },
  responses: { 204: { description: 'Deleted.' } },
});

export const getComplaintAnalytics = defineRoute({
  operationId: 'getComplaintAnalytics',
  method: 'GET',
  path: '/analytics/complaints',
  summary: 'Complaint volumes, timeliness and backlog',
  description:
    'For complaints received between `from` and `to`: volume by category and queue, the share resolved within the ' +
    'resolution deadline, the median time to resolve, and how many are open and overdue now.' +
    rolesLine(['analyst', 'admin']),
  tags: ['analytics'],
  access: { kind: 'roles', roles: ['analyst', 'admin'] },
  request: { query: AnalyticsQuery },
  responses: { 200: { description: 'The figures.', schema: ComplaintAnalytics } },
});

export const getComplaintCalendar = defineRoute({
  operationId: 'getComplaintCalendar',
  method: 'GET',
  path: '/admin/complaint-calendars/{jurisdiction}',
  summary: 'The holiday calendar complaint deadlines are counted on',
  description:
    'The years known for the jurisdiction (shipped official calendars and years stored by an admin) and the last day known: ' +
    'a deadline reaching past it counts unknown days as working days and is flagged.' +
    rolesLine(['admin']),
  tags: ['calendars'],
  access: { kind: 'roles', roles: ['admin'] },
  request: { path: CalendarPathParams },
  responses: { 200: { description: 'The calendar.', schema: CalendarView } },
});

export const putComplaintCalendarYear = defineRoute({
  operationId: 'putComplaintCalendarYear',
  method: 'PUT',
  path: '/admin/complaint-calendars/{jurisdiction}/{year}',
  summary: "Add or correct a year's holidays",
  description:
    "Stores the year's holidays and make-up working days, replacing the shipped year if there is one: the router and the " +
    'breach scan use it within a minute, without a deploy. Complaints already routed keep their deadlines.' +
    rolesLine(['admin']),
  tags: ['calendars'],
  access: { kind: 'roles', roles: ['admin'] },
  request: { path: CalendarYearPathParams, body: CalendarYearBody, maxBodyBytes: body32k },
  responses: {
    200: { description: 'Replaced.', schema: CalendarYearView },
    201: { description: 'Created.', schema: CalendarYearView },
  },
});

/** Served by the complaint-insights function: knowledge administration, analytics, calendars. */
export const complaintInsightRoutes = [
  listKnowledgeArticles,
  putKnowledgeArticle,
  deleteKnowledgeArticle,
  getComplaintAnalytics,
  getComplaintCalendar,
  putComplaintCalendarYear,
] as const;

/** Every complaint route, for the OpenAPI document. */
export const allComplaintRoutes = [...complaintApiRoutes, ...complaintInsightRoutes] as const;
