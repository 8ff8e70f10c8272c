// A batch of DynamoDB stream records (keys only) → one re-evaluation per customer, then one round of
// publishing. Records of one customer arrive in order within a shard; a burst of a customer's
// transactions is one evaluation, not one per transaction.
//
// Partial batch response: for a stream, Lambda retries from the reported sequence number on, so the
// earliest record of any customer that failed is reported, and every customer after it is evaluated
// again on the retry (harmless: an evaluation that changes nothing writes and publishes nothing).
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { customerIdOf } from '../domain/segment-record-keys';
import type { SegmentEventsPublisher } from '../adapters/segment-events';
import { reevaluateCustomer, type ReevaluationDeps, type ReevaluationOutcome } from './reevaluate-customer';
import { publishPending } from './settle-assignment';
import type { StoredAssignment } from './stored-assignment';

export type StreamBatchLog = { warn: (message: string, data: Record<string, unknown>) => void };

export type StreamBatchResult = DynamoDBBatchResponse & { outcomes: Map<string, ReevaluationOutcome>; published: number };

export async function reevaluateStreamBatch(
  records: readonly DynamoDBRecord[],
  deps: ReevaluationDeps & { events: SegmentEventsPublisher; log: StreamBatchLog },
): Promise<StreamBatchResult> {
  const byCustomer = new Map<string, { sortKeys: string[]; firstSequence: string }>();
  for (const r of records) {
    const pk = r.dynamodb?.Keys?.PK?.S;
    const sk = r.dynamodb?.Keys?.SK?.S;
    const customerId = pk ? customerIdOf(pk) : undefined;
    if (!customerId || !sk) continue;
    const entry = byCustomer.get(customerId) ?? { sortKeys: [], firstSequence: r.dynamodb?.SequenceNumber ?? '' };
    entry.sortKeys.push(sk);
    byCustomer.set(customerId, entry);
  }

  const outcomes = new Map<string, ReevaluationOutcome>();
  const failedSequences: string[] = [];
  const toPublish: StoredAssignment[] = [];
  await forEachAtMost(CUSTOMERS_AT_ONCE, [...byCustomer], async ([customerId, { sortKeys, firstSequence }]) => {
    try {
      const outcome = await reevaluateCustomer(deps, customerId, sortKeys);
      outcomes.set(customerId, outcome);
      if (outcome.kind === 'EVALUATED') toPublish.push(outcome.stored);
      if (outcome.kind === 'CONTRIBUTION_REJECTED') deps.log.warn('Contribution not computed', { customerId, reasons: outcome.reasons });
    } catch (error) {
      deps.log.warn('Re-evaluation failed', { customerId, errorName: (error as Error).name, errorMessage: (error as Error).message });
      failedSequences.push(firstSequence);
    }
  });

  let published = 0;
  try {
    published = await publishPending(deps.store, deps.events, toPublish);
  } catch (error) {
    deps.log.warn('Publishing failed', { error: (error as Error).message });
    // Nothing was marked published: retry every customer that had something to publish.
    for (const a of toPublish) if (a.segmentVersion > a.publishedVersion) failedSequences.push(byCustomer.get(a.customerId)!.firstSequence);
  }

  const earliest = failedSequences.filter(Boolean).sort(compareSequence)[0];
  return { batchItemFailures: earliest ? [{ itemIdentifier: earliest }] : [], outcomes, published };
}

/**
 * Customers evaluated at once. A large batch (stage-parameters.ts: up to 10,000 records) names hundreds
 * of customers; each evaluation sends about five requests, and the SDK keeps 50 sockets.
 */
const CUSTOMERS_AT_ONCE = 16;

async function forEachAtMost<T>(limit: number, items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** Sequence numbers are decimal strings of up to 40 digits: compare as numbers, not as text. */
const compareSequence = (a: string, b: string) => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0);
