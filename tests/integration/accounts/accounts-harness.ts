// A connector and ingestion joined by a real bus, against DynamoDB Local: the connector resolves its
// entries (resolveAccounts) and publishes the ready ones over HTTP to the local EventBridge; every
// event the ingestion rule's pattern matches is fed to ingestRecord, which releases parked entries
// through the same bus. Each event ingestion applied is counted by eventId.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { EventBuses } from '../../../local/eventbridge/event-buses';
import { startEventBridgeServer, type RunningEventBridge } from '../../../local/eventbridge/server';
import { AccountDirectory } from '../../../shared/accounts/adapters/account-directory';
import { ParkedEntries } from '../../../shared/accounts/adapters/parked-entries';
import type { AccountScopedEvent } from '../../../shared/accounts/domain/account-scoped-event';
import { releaseParkedEntries } from '../../../shared/accounts/use-cases/release-parked-entries';
import { resolveAccounts, type ResolveAccountsDeps } from '../../../shared/accounts/use-cases/resolve-accounts';
import { CustomerRecordsWriter } from '../../../shared/adapters/customer-records-writer';
import { CoreBankingPublisher } from '../../../shared/connectors/adapters/core-banking-publisher';
import { coreBankingSourcePattern, CORE_BANKING_DETAIL_TYPES, producerSource, type CoreBankingEvent } from '../../../shared/contracts/events';
import { ingestRecord, type IngestDeps } from '../../../shared/ingestion/ingest-record';
import { createCustomerTable, dynamoDb, localClientConfig } from '../../support/local-aws';

export const EVENT_SOURCE = 'core.banking';
export const PRODUCER = 'iso20022';
const BUS = 'crm-core-banking-accounts-test';

export type Harness = Awaited<ReturnType<typeof startHarness>>;

export async function startHarness() {
  const client = dynamoDb();
  const tableName = await createCustomerTable(client);
  const directory = new AccountDirectory(client, tableName);
  const parked = new ParkedEntries(client, tableName);

  /** Bodies as the ingestion queue would receive them, with the source they came under. */
  const inbox: string[] = [];
  const buses = new EventBuses({ region: 'us-east-1', accountId: '123456789012', deliver: async (ds) => void inbox.push(...ds.map((d) => d.input)) });
  buses.createBus(BUS);
  buses.putRule({
    Name: 'core-banking',
    EventBusName: BUS,
    EventPattern: JSON.stringify({ source: coreBankingSourcePattern(EVENT_SOURCE), 'detail-type': CORE_BANKING_DETAIL_TYPES }),
  });
  buses.putTargets('core-banking', BUS, [{ Id: 'ingestion-queue', Arn: 'arn:aws:sqs:us-east-1:123456789012:ingest' }]);
  const server: RunningEventBridge = await startEventBridgeServer({ buses });
  const eventBridge = new EventBridgeClient({ ...localClientConfig, endpoint: server.url, maxAttempts: 1 });
  const publish = (events: CoreBankingEvent[], source: string) => new CoreBankingPublisher(eventBridge, BUS, source, { baseDelayMs: 1 }).publish(events);

  const ingestDeps: IngestDeps = {
    writer: new CustomerRecordsWriter(client, tableName),
    eventSource: EVENT_SOURCE,
    releaseParked: (accountId) => releaseParkedEntries({ directory, parked, publish, eventSource: EVENT_SOURCE }, accountId),
  };

  /** eventId → times ingestion applied it (changed the table). */
  const applied = new Map<string, number>();
  /** eventId → sources it arrived under. */
  const sources = new Map<string, Set<string>>();
  let nextMessage = 0;

  /** Delivers everything on the queue to ingestion, until the queue stays empty. */
  async function drain() {
    while (inbox.length > 0) {
      const bodies = inbox.splice(0);
      await Promise.all(
        bodies.map(async (body) => {
          const envelope = JSON.parse(body) as { source: string; detail: { eventId: string } };
          const outcome = await ingestRecord({ body, messageId: `m-${nextMessage++}` }, ingestDeps);
          if (outcome.status === 'rejected') throw new Error(`rejected: ${outcome.reason}`);
          const id = envelope.detail.eventId;
          if (outcome.status === 'applied') applied.set(id, (applied.get(id) ?? 0) + 1);
          sources.set(id, (sources.get(id) ?? new Set()).add(envelope.source));
        }),
      );
    }
  }

  const connectorDeps: ResolveAccountsDeps = { directory, parked, now: () => new Date() };

  /** The connector's handling of one message: resolve, publish what is ready. */
  async function connectorSends(events: AccountScopedEvent[], deps: ResolveAccountsDeps = connectorDeps) {
    const result = await resolveAccounts(deps, events);
    if (result.ready.length) await publish(result.ready, producerSource(EVENT_SOURCE, PRODUCER));
    return result;
  }

  /** A producer of ours opens the account (plain source). */
  const openAccount = (accountId: string, customerId: string, eventId = `open-${accountId}`) =>
    publish(
      [
        {
          detailType: 'AccountOpened',
          detail: {
            schemaVersion: 1,
            eventId,
            occurredAt: '2026-11-01T09:00:00+08:00',
            customerId,
            accountId,
            version: 1,
            product: 'CURRENT_ACCOUNT',
            currency: 'CNY',
            openedOn: '2026-11-01',
          },
        },
      ],
      EVENT_SOURCE,
    );

  return {
    client,
    tableName,
    directory,
    parked,
    applied,
    sources,
    drain,
    connectorSends,
    connectorDeps,
    openAccount,
    publish,
    stop: async () => {
      eventBridge.destroy();
      await server.stop();
    },
  };
}

let seq = 0;
/** A booked entry as a connector maps it: no customer, an origin that is no personal data. */
export const posting = (accountId: string, n: number): AccountScopedEvent => ({
  detailType: 'TransactionPosted',
  detail: {
    schemaVersion: 1,
    eventId: `iso-${accountId}-${n}`,
    occurredAt: `2026-11-03T12:00:${String(n % 60).padStart(2, '0')}+08:00`,
    accountId,
    channel: 'ONLINE',
    kind: 'CARD_PURCHASE',
    direction: 'DEBIT',
    amount: { minor: 100 + n, currency: 'CNY' },
  },
  origin: { producer: PRODUCER, reference: `camt053/file-${seq++}.xml#entry-${n}` },
});
