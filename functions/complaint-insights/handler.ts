// API Gateway (REST, Lambda proxy) → knowledge articles (admin) and complaint analytics (analyst).
import { ComplaintCalendarStore } from '../../shared/adapters/complaint-calendars';
import { ComplaintFigureStore } from '../../shared/adapters/complaint-figure-store';
import { ComplaintStore } from '../../shared/adapters/complaint-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { requiredEnv } from '../../shared/runtime/env';
import { apiHandler } from '../../shared/runtime/api-handler';
import { tracer } from '../../shared/runtime/observability';
import { complaintInsightBindings } from './routes';

const dynamo = tracer.captureAWSv3Client(dynamoDbClient());
export const handler = apiHandler(
  complaintInsightBindings({
    store: new ComplaintStore(dynamo, requiredEnv('COMPLAINTS_TABLE_NAME')),
    figures: new ComplaintFigureStore(dynamo, requiredEnv('COMPLAINTS_TABLE_NAME')),
    calendars: new ComplaintCalendarStore(dynamo, requiredEnv('COMPLAINTS_TABLE_NAME')),
    now: () => new Date().toISOString(),
  }),
);
