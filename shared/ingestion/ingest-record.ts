// One SQS record of the ingestion queue: validate, then apply its record changes. A record that can
// never succeed is rejected to the dead-letter queue with its reason and counts as handled, so the rest
// of its batch goes on and it is not retried forever. Anything else that fails (DynamoDB throttling, a
// network fault) is thrown, becomes a batch item failure, and SQS delivers it again.
import type { CustomerRecordsWriter } from '../adapters/customer-records-writer';
import type { RejectedEventsQueue } from '../adapters/rejected-events';
import { recordChangesFor } from '../domain/record-changes';
import { parseCoreBankingEvent } from './parse-event';

export type IngestDeps = {
  writer: CustomerRecordsWriter;
  rejected: RejectedEventsQueue;
  eventSource: string;
};

export type IngestOutcome =
  | { status: 'applied' | 'unchanged'; detailType: string }
  | { status: 'rejected'; reason: string };

export async function ingestRecord(
  record: { body: string; messageId: string },
  deps: IngestDeps,
): Promise<IngestOutcome> {
  const parsed = parseCoreBankingEvent(record.body, deps.eventSource);
  if (!parsed.ok) {
    await deps.rejected.reject({ body: record.body, reason: parsed.reason, messageId: record.messageId });
    return { status: 'rejected', reason: parsed.reason };
  }
  const outcomes = await deps.writer.apply(recordChangesFor(parsed.event));
  return { status: outcomes.includes('applied') ? 'applied' : 'unchanged', detailType: parsed.event.detailType };
}
