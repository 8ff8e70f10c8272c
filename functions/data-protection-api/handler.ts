// API Gateway (REST, Lambda proxy) → data protection: consent (announced on the bus), erasure requests and
// approval, export.
// Thin on purpose: configuration and clients once per cold start, the rules in shared/.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ComplaintStore } from '../../shared/adapters/complaint-store';
import { EventBridgeConsentEvents } from '../../shared/adapters/consent-events';
import { ConsentStore } from '../../shared/adapters/consent-store';
import { CustomerErasure } from '../../shared/adapters/customer-erasure';
import { customerPartition } from '../../shared/adapters/customer-partition';
import { CustomerRecordsWriter } from '../../shared/adapters/customer-records-writer';
import { dynamoDbClient } from '../../shared/adapters/dynamodb-client';
import { ErasureRequests } from '../../shared/adapters/erasure-requests';
import { requiredEnv } from '../../shared/runtime/env';
import { apiHandler } from '../../shared/runtime/api-handler';
import { stageDataProtection } from '../../shared/runtime/data-protection';
import { tracer } from '../../shared/runtime/observability';
import { dataProtectionBindings } from './routes';

const client = tracer.captureAWSv3Client(dynamoDbClient());
const tableName = requiredEnv('TABLE_NAME');
const complaints = new ComplaintStore(client, requiredEnv('COMPLAINTS_TABLE_NAME'));
const years = Number(requiredEnv('RETENTION_YEARS'));
if (!Number.isInteger(years) || years < 0) throw new Error('RETENTION_YEARS must be a whole number of years');
const requests = new ErasureRequests(client, tableName);

export const handler = apiHandler(
  dataProtectionBindings({
    consents: new ConsentStore(client, tableName, new CustomerRecordsWriter(client, tableName)),
    consentEvents: new EventBridgeConsentEvents(tracer.captureAWSv3Client(new EventBridgeClient({})), requiredEnv('EVENT_BUS_NAME')),
    requests,
    erase: {
      partition: new CustomerErasure(client, tableName),
      complaints,
      retention: { years, regulation: requiredEnv('RETENTION_REGULATION') },
    },
    export: { partition: (customerId) => customerPartition(client, tableName, customerId), complaints },
  }),
  // Compliance's access to a customer's erasure request is recorded: the request's customer, looked up.
  stageDataProtection(client, { erasureRequest: async (requestId) => (await requests.get(requestId))?.customerId }),
);
