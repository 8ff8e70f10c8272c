// The customer API's OpenAPI document, as scripts/generate-openapi.ts writes it to docs/openapi.json.
import { CustomerView, HoldingView } from './customer-view';
import { MyEssentials } from './my-essentials';
import { buildOpenApiDocument } from './openapi';
import { ComplaintPage, ComplaintView, KnowledgeArticleView } from './complaints';
import { ComplaintAnalytics } from './complaints-insights';
import { allComplaintRoutes } from './complaints-insight-routes';
import { customerApiRoutes, OpenApiDocument } from './routes';
import { loadRoutes } from './load-routes';
import { segmentationRoutes } from './segment-routes';
import { accessRecordRoutes } from './access-record-routes';
import { parkedEntriesRoutes } from './parked-entries-routes';
import { camtRoutes } from './camt-routes';
import { dataProtectionRoutes } from './data-protection-routes';
import { CustomerSegmentView, MyServiceTier } from './segments';
import { TimelineEntry, TimelinePage } from './timeline';
import { Money } from '../primitives';

export const API_VERSION = '0.1.0';

/** Every route the API serves: append each new route table here (segments, complaints...). */
export const documentedRoutes = [...customerApiRoutes, ...segmentationRoutes, ...allComplaintRoutes, ...parkedEntriesRoutes, ...loadRoutes, ...camtRoutes, ...dataProtectionRoutes, ...accessRecordRoutes];

export const customerApiDocument = () =>
  buildOpenApiDocument(
    documentedRoutes,
    {
      title: 'Bank CRM integration layer: customer API',
      version: API_VERSION,
      description:
        'Customer 360, timeline and the customer\'s own essentials, for bank staff and mobile apps. Every error is an ' +
        'RFC 9457 problem document (application/problem+json) naming the offending field. Every response carries ' +
        'x-correlation-id (sent by the client, or the API Gateway request id). Segmentation: a customer\'s value ' +
        'segment and its explanation for staff, the service tier a customer sees of itself, customers by segment and ' +
        'branch, analytics, and the admin endpoints for the relationship-manager roster and the parameters. Complaints: ' +
        'intake (idempotent on Idempotency-Key), lifecycle, queues by due time, history, knowledge articles and analytics. ' +
        'Data protection: the customer\'s marketing consent, erasure request and data export; compliance approves erasures.',
    },
    { CustomerView, HoldingView, TimelinePage, TimelineEntry, MyEssentials, Money, OpenApiDocument, CustomerSegmentView, MyServiceTier, ComplaintView, ComplaintPage, KnowledgeArticleView, ComplaintAnalytics },
  );
