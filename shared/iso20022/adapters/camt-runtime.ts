// What both camt functions build once per cold start: the stage's mapping settings, the store, the
// account resolution (shared/accounts) and the publisher (shared/connectors), from the environment.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { AccountDirectory } from '../../accounts/adapters/account-directory';
import { ParkedEntries } from '../../accounts/adapters/parked-entries';
import { resolveAccounts } from '../../accounts/use-cases/resolve-accounts';
import { dynamoDbClient } from '../../adapters/dynamodb-client';
import { CoreBankingPublisher } from '../../connectors/adapters/core-banking-publisher';
import { requiredEnv } from '../../runtime/env';
import { tracer } from '../../runtime/observability';
import { CamtSettings } from '../domain/camt-settings';
import type { BookingSinks } from '../use-cases/publish-bookings';
import { CamtIngestionStore } from './camt-ingestion-store';

export function camtRuntime(): BookingSinks & { settings: CamtSettings; now: () => Date } {
  const settings = CamtSettings.parse(JSON.parse(requiredEnv('CAMT_SETTINGS')));
  const dynamoDb = tracer.captureAWSv3Client(dynamoDbClient());
  const recordsTable = requiredEnv('TABLE_NAME');
  const accounts = { directory: new AccountDirectory(dynamoDb, recordsTable), parked: new ParkedEntries(dynamoDb, recordsTable), now: () => new Date() };
  const publisher = new CoreBankingPublisher(tracer.captureAWSv3Client(new EventBridgeClient({})), requiredEnv('EVENT_BUS_NAME'), requiredEnv('EVENT_SOURCE'));
  return {
    settings,
    store: new CamtIngestionStore(dynamoDb, requiredEnv('CAMT_TABLE_NAME')),
    resolve: (events) => resolveAccounts(accounts, events),
    publish: (events) => publisher.publish(events),
    now: () => new Date(),
  };
}
