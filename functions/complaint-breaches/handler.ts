// Runs on an EventBridge schedule: sweeps complaints left unrouted back into the routing stream,
// escalates complaints whose deadlines have passed and emits the
// metrics the operators alarm on (ComplaintsEscalated, RegulatoryBreaches, CalendarDaysKnownAhead). The rules live in
// escalate-breaches.ts and the domain. Its first run after a deploy also seeds the knowledge articles.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import middy from '@middy/core';
import { CalendarInForce, ComplaintCalendarStore } from '../../shared/adapters/complaint-calendars';
import { EventBridgeComplaintEvents } from '../../shared/adapters/complaint-event-publisher';
import { complaintSettingsFrom } from '../../shared/adapters/complaint-settings';
import { daysKnownAhead } from '../../shared/domain/complaints/business-calendar';
import { KnowledgeBase } from '../../shared/adapters/complaint-knowledge';
import { DEFAULT_KNOWLEDGE_ARTICLES } from '../../shared/domain/complaints/knowledge';
import { BreachScanStore } from '../../shared/adapters/complaint-breach-scan-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { requiredEnv } from '../../shared/runtime/env';
import { logger, metrics, tracer } from '../../shared/runtime/observability';
import { type BreachScanDeps, escalateBreaches } from './escalate-breaches';
import { sweepOutbox } from './sweep-outbox';

const dynamo = tracer.captureAWSv3Client(dynamoDbClient());
const store = new BreachScanStore(dynamo, requiredEnv('COMPLAINTS_TABLE_NAME'));
const settings = complaintSettingsFrom(process.env);
const calendar = new CalendarInForce(new ComplaintCalendarStore(dynamo, requiredEnv('COMPLAINTS_TABLE_NAME')), settings.jurisdiction, settings.extraDays);
// The first scheduled run after a deploy seeds the default knowledge articles (once per table).
const knowledge = new KnowledgeBase(store, () => new Date().toISOString(), DEFAULT_KNOWLEDGE_ARTICLES);
const deps: BreachScanDeps = {
  store,
  events: new EventBridgeComplaintEvents(tracer.captureAWSv3Client(new EventBridgeClient({})), requiredEnv('EVENT_BUS_NAME')),
};

export const handler = middy(async (event: { time?: string }) => {
  // The schedule's own time, so that a retried invocation judges the same instant.
  const now = event?.time && !Number.isNaN(Date.parse(event.time)) ? new Date(event.time).toISOString() : new Date().toISOString();
  if ((await knowledge.ensureSeeded()) === 'seeded') logger.info('Default knowledge articles seeded', { count: DEFAULT_KNOWLEDGE_ARTICLES.length });
  // Complaints the routing stream gave up on go through it again (normally none).
  const { swept } = await sweepOutbox(store, now);
  metrics.addMetric('ComplaintsSweptIntoOutbox', MetricUnit.Count, swept.length);
  if (swept.length) logger.warn('Complaints still RECEIVED swept into the routing stream again', { complaintIds: swept });
  const summary = await escalateBreaches(deps, now);
  metrics.addMetric('ComplaintsEscalated', MetricUnit.Count, summary.escalated);
  metrics.addMetric('RegulatoryBreaches', MetricUnit.Count, summary.regulatory);
  // How far ahead the holidays are known: the alarm on it asks for next year's calendar before a deadline needs it.
  const ahead = daysKnownAhead(await calendar.current(), now);
  if (ahead !== undefined) metrics.addMetric('CalendarDaysKnownAhead', MetricUnit.Count, ahead);
  for (const e of summary.escalations) logger.info('Complaint escalated', { complaintId: e.complaintId, queue: e.queue, deadlines: e.deadlines, regulatory: e.regulatory });
  logger.info('Breach scan done', { examined: summary.examined, escalated: summary.escalated, regulatory: summary.regulatory, contended: summary.contended });
  return { examined: summary.examined, escalated: summary.escalated, regulatory: summary.regulatory, contended: summary.contended };
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
