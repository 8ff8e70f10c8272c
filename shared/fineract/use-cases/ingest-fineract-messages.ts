// A batch of Fineract messages from the broker → contract events on the bus.
//
// Lambda's ActiveMQ event source acknowledges a batch only when the function succeeds, and on failure
// redelivers the whole batch (up to 6 redeliveries, then the broker's dead-letter queue): there is no
// partial batch response. So a message that can never succeed (not Avro, an unknown dataschema, a
// payload the contract refuses) must not fail the invocation, or it would hold its good neighbours
// back and take them to the broker's DLQ with it. It goes to the stack's own dead-letter queue at once,
// with its reason, and the batch goes on. Only what may pass on a later attempt (the bus, the account
// directory, the dead-letter queue itself) throws, and then the whole batch comes again: publishing is
// idempotent (eventIds from Fineract's data), so the messages that had passed change nothing the second time.
import type { CoreBankingEvent } from '../../contracts/events';
import { decodeFineractMessage } from '../adapters/fineract-wire';
import type { ActiveMqMessage } from '../adapters/mq-event';
import { mapFineractEvent } from '../domain/map-fineract-event';
import type { AccountScopedEvent } from '../domain/mapped-events';

export type FineractIngestDeps = {
  publish: (events: CoreBankingEvent[]) => Promise<unknown>;
  /** The account directory: account-scoped events with their customer, or parked until the account is known. */
  resolveAccounts: (events: AccountScopedEvent[]) => Promise<{ ready: CoreBankingEvent[]; parked: AccountScopedEvent[] }>;
  deadLetter: (message: { messageId: string; body: string; reason: string }) => Promise<void>;
};

export type IngestCounts = Record<string, number>;

const add = (counts: IngestCounts, metric: string, n = 1) => {
  counts[metric] = (counts[metric] ?? 0) + n;
};

/** What the dead-letter queue keeps of a message: enough to redrive it to the broker, as it came. */
const deadLetterBody = (m: ActiveMqMessage) =>
  JSON.stringify({ messageID: m.messageID, destination: m.destination, messageType: m.messageType, properties: m.properties ?? null, data: m.data });

export async function ingestFineractMessages(messages: ActiveMqMessage[], deps: FineractIngestDeps): Promise<IngestCounts> {
  const counts: IngestCounts = {};
  const customerEvents: CoreBankingEvent[] = [];
  const accountEvents: AccountScopedEvent[] = [];

  for (const message of messages) {
    const reject = async (reason: string) => {
      await deps.deadLetter({ messageId: message.messageID, body: deadLetterBody(message), reason });
      add(counts, 'FineractMessagesRejected');
    };
    const decoded = decodeFineractMessage(Buffer.from(message.data, 'base64'));
    if (!decoded.ok) {
      await reject(decoded.reason);
      continue;
    }
    // A message's events go out together or not at all: one refused event dead-letters its message.
    const mine: { customer: CoreBankingEvent[]; account: AccountScopedEvent[]; ignored: string[] } = { customer: [], account: [], ignored: [] };
    let refused: string | undefined;
    for (const event of decoded.events) {
      const outcome = mapFineractEvent(event);
      if (outcome.kind === 'rejected') {
        refused = outcome.reason;
        break;
      }
      if (outcome.kind === 'ignored') mine.ignored.push(outcome.metric);
      else {
        mine.customer.push(...outcome.customerEvents);
        mine.account.push(...outcome.accountEvents);
      }
    }
    if (refused !== undefined) {
      await reject(refused);
      continue;
    }
    for (const metric of mine.ignored) add(counts, metric);
    customerEvents.push(...mine.customer);
    accountEvents.push(...mine.account);
    add(counts, 'FineractMessagesAccepted');
  }

  const resolved = accountEvents.length > 0 ? await deps.resolveAccounts(accountEvents) : { ready: [], parked: [] };
  const events = [...customerEvents, ...resolved.ready];
  if (events.length > 0) await deps.publish(events);
  add(counts, 'FineractEventsPublished', events.length);
  if (resolved.parked.length > 0) add(counts, 'FineractEventsParked', resolved.parked.length);
  return counts;
}
