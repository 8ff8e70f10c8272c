// The complaint API as it runs deployed, on a real socket: the Complaints construct synthesized beside
// the customer API (routes, gateway responses, authorizer), served by the local API Gateway with local
// tokens; the real complaint-api and customer-api handlers invoked in-process; DynamoDB Local and a local
// EventBridge bus behind them.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Complaints } from '../../../infra/constructs/complaints';
import { CustomerApi } from '../../../infra/constructs/customer-api';
import { CustomerRecordsTable } from '../../../infra/constructs/customer-records-table';
import { stageConfig } from '../../../infra/stage-config';
import { startTestGateway, useFunctionEnvironment } from '../../support/api-harness';
import { lambdaContext } from '../../support/events';
import { inject } from 'vitest';
import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createCustomerTable, createQueue, dynamoDb, useAccessRecord, useLocalAwsEnvironment } from '../../support/local-aws';
import type { StoredAccessEntry } from '../../../shared/data-protection/access-record';
import { customerPk, PROFILE_SK } from '../../../shared/domain/record-keys';
import { SEGMENT_SK } from '../../../shared/domain/segment-record-keys';
import { TableStream } from '../../../local/services/table-stream';
import { ROUTING_OUTBOX_FILTER } from '../../../shared/adapters/complaint-outbox';
import { functionLogicalId, type CfnResources } from '../api/synth-customer-api';
import { createComplaintsTable, startComplaintBus } from './complaints-support';

export function synthComplaints(stage: 'dev' | 'prod' = 'dev') {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, `ComplaintsTest-${stage}`, { analyticsReporting: false });
  const config = stageConfig(stage);
  const customerRecords = new CustomerRecordsTable(stack, 'CustomerRecords', config).table;
  const api = new CustomerApi(stack, 'CustomerApi', { config, table: customerRecords });
  const bus = new EventBus(stack, 'Bus', { eventBusName: `crm-test-${stage}` });
  const complaints = new Complaints(stack, 'Complaints', { config, bus, customerRecords, api });
  const template = Template.fromStack(stack);
  return { app, stack, config, complaints, template, resources: template.toJSON().Resources as CfnResources };
}

export async function startComplaintApi(options: { env?: Record<string, string | undefined> } = {}) {
  const { resources } = synthComplaints('dev');
  const complaintApiId = functionLogicalId(resources, 'complaint-api');
  const insightsId = functionLogicalId(resources, 'complaint-insights');

  useLocalAwsEnvironment();
  const bus = await startComplaintBus();
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.url;
  process.env.EVENT_BUS_NAME = bus.busName;
  process.env.COMPLAINTS_TABLE_NAME = await createComplaintsTable();
  process.env.CUSTOMER_RECORDS_TABLE_NAME = await createCustomerTable();
  process.env.REJECTED_EVENTS_QUEUE_URL = await createQueue();
  // Filing on a customer's behalf is under need-to-know and recorded: the access record and the pseudonym key.
  const accessRecordTable = await useAccessRecord();
  useFunctionEnvironment(resources, complaintApiId, options.env);
  const { handler } = await import('../../../functions/complaint-api/handler');
  const { handler: insightsHandler } = await import('../../../functions/complaint-insights/handler');
  const { handler: routerHandler } = await import('../../../functions/complaint-router/handler');
  const { handler: breachHandler } = await import('../../../functions/complaint-breaches/handler');
  // The breach scan's first scheduled run after the deploy, which seeds the knowledge articles.
  await breachHandler({ time: new Date().toISOString() }, lambdaContext('complaint-breaches'));

  const gateway = await startTestGateway({
    resources,
    stage: 'dev',
    routes: (r) => r.functionLogicalId === complaintApiId || r.functionLogicalId === insightsId,
    handlers: {
      [complaintApiId]: { name: 'complaint-api', handler },
      [insightsId]: { name: 'complaint-insights', handler: insightsHandler },
    },
  });

  /** Routes every complaint the table's stream carried since the last call, through the real router. */
  const outbox = await TableStream.of(dynamoDb(), process.env.COMPLAINTS_TABLE_NAME, inject('dynamoDbEndpoint'), ROUTING_OUTBOX_FILTER);
  const routePending = async () => {
    for (const batch of await outbox.pendingBatches()) {
      const result = await routerHandler(batch, lambdaContext('complaint-router'));
      if (result.batchItemFailures.length) throw new Error(`routing failed: ${JSON.stringify(result.batchItemFailures)}`);
    }
  };

  /**
   * A customer the customer records know, where need-to-know looks: the profile's home branch and,
   * with a manager, the segment assignment's named manager (the attributes shared/adapters/customer-scope.ts reads).
   */
  const seedCustomer = async (customerId: string, where: { homeBranchId: string; managerId?: string }) => {
    const put = (item: Record<string, unknown>) => dynamoDb().send(new PutItemCommand({ TableName: process.env.CUSTOMER_RECORDS_TABLE_NAME, Item: marshall(item) }));
    await put({ PK: customerPk(customerId), SK: PROFILE_SK, customerId, homeBranchId: where.homeBranchId });
    if (where.managerId) await put({ PK: customerPk(customerId), SK: SEGMENT_SK, customerId, branchId: where.homeBranchId, managerId: where.managerId });
  };
  /** Every entry of the access record, oldest first. */
  const accessRecord = async (): Promise<StoredAccessEntry[]> => {
    const out = await dynamoDb().send(new ScanCommand({ TableName: accessRecordTable, ConsistentRead: true }));
    return (out.Items ?? []).map((i) => unmarshall(i) as StoredAccessEntry).sort((a, b) => a.SK.localeCompare(b.SK));
  };

  return {
    url: gateway.url,
    call: gateway.call,
    token: gateway.token,
    routePending,
    seedCustomer,
    accessRecord,
    bus,
    stop: async () => {
      await gateway.stop();
      await bus.stop();
    },
  };
}

export type ComplaintApiHarness = Awaited<ReturnType<typeof startComplaintApi>>;
