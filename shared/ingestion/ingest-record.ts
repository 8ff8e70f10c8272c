// One SQS record of the ingestion queue: validate, then apply its record changes. A record that can
// never succeed comes back as rejected with its reason (the SQS handler sends it to the dead-letter
// queue); anything else that fails (DynamoDB throttling, a network fault) is thrown and retried.
import type { CustomerRecordsWriter } from '../adapters/customer-records-writer';
import { recordChangesFor } from '../domain/record-changes';
import { parseCoreBankingEvent } from './parse-event';

export type IngestDeps = {
  writer: CustomerRecordsWriter;
  eventSource: string;
  /** After an AccountOpened is applied or seen again: release the entries parked for the account. */
  releaseParked?: (accountId: string) => Promise<number>;
  /** The clock occurredAt is held to (shared/ingestion/parse-event.ts); Date.now unless a test fixes it. */
  now?: () => number;
};

export type IngestOutcome =
  | { status: 'applied' | 'unchanged'; detailType: string }
  | { status: 'rejected'; reason: string };

export async function ingestRecord(
  record: { body: string; messageId: string },
  deps: IngestDeps,
): Promise<IngestOutcome> {
  const parsed = parseCoreBankingEvent(record.body, deps.eventSource, (deps.now ?? Date.now)());
  if (!parsed.ok) return { status: 'rejected', reason: parsed.reason };
  const outcomes = await deps.writer.apply(recordChangesFor(parsed.event));
  // After the owner item is written (it is among the changes above), never before: see resolve-accounts.ts.
  if (parsed.event.detailType === 'AccountOpened' && deps.releaseParked) await deps.releaseParked(parsed.event.detail.accountId);
  return { status: outcomes.includes('applied') ? 'applied' : 'unchanged', detailType: parsed.event.detailType };
}
