// Runs on a schedule: counts the entries parked longer than the stage's alarm age into
// ParkedEntriesOverdue, which Operations alarms on. Counts and times only: no entry's content.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { ParkedEntries } from '../../shared/accounts/adapters/parked-entries';
import { overdueParkedEntries } from '../../shared/accounts/use-cases/overdue-parked-entries';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { requiredEnv } from '../../shared/runtime/env';
import { logger, metrics, tracer } from '../../shared/runtime/observability';

const parked = new ParkedEntries(tracer.captureAWSv3Client(dynamoDbClient()), requiredEnv('TABLE_NAME'));
const alarmAfterHours = Number(requiredEnv('PARKED_ENTRY_ALARM_AFTER_HOURS'));

export const handler = middy(async (event: { time?: string }) => {
  // The schedule's own time, so that a retried invocation judges the same instant.
  const now = event?.time && !Number.isNaN(Date.parse(event.time)) ? new Date(event.time) : new Date();
  const report = await overdueParkedEntries(parked, now, alarmAfterHours, 1);
  metrics.addMetric('ParkedEntriesOverdue', MetricUnit.Count, report.total);
  logger.info('Parked entries checked', { overdue: report.total, olderThanHours: alarmAfterHours, oldestParkedAt: report.entries[0]?.parkedAt });
  return { overdue: report.total, cutoff: report.cutoff };
})
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
