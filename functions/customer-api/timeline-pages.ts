// A timeline query → the key range and resume point to read, and the stored entries → one page.
import { timeRange, TIMELINE_PREFIX, toUtc } from '../../shared/domain/record-keys';
import type { TimelineEntry, TimelinePage, TimelineQuery } from '../../shared/contracts/api/timeline';
import type { StoredTimelineEntry } from '../../shared/adapters/customer-record-items';
import type { TimelineSlice } from '../../shared/adapters/customer-records-reader';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor';
import { problems } from '../../shared/http/problems';

/** Most items read per page, before the channel filter: bounds the cost of a sparse channel. */
export const TIMELINE_READ_BUDGET = 500;

const isDate = (bound: string) => /^\d{4}-\d{2}-\d{2}$/.test(bound);
/** A date is a UTC day and sorts as a prefix of that day's keys; an instant is normalised to UTC. */
const keyBound = (bound: string | undefined) => (bound === undefined || isDate(bound) ? bound : toUtc(bound));

export type TimelinePlan = { range: { start: string; end: string }; startAfter?: string; cursorScope: string };

export function planTimelineRead(customerId: string, query: TimelineQuery): TimelinePlan {
  const range = timeRange(TIMELINE_PREFIX, keyBound(query.from), keyBound(query.to));
  if (range.start > range.end) {
    throw problems.invalidRequest([{ field: 'query.from', message: 'must not be later than to' }]);
  }
  const cursorScope = [customerId, query.channel ?? '', query.from ?? '', query.to ?? ''].join('\u0000');
  if (query.cursor === undefined) return { range, cursorScope };

  const startAfter = decodeCursor(query.cursor, cursorScope);
  // A position outside the range would make DynamoDB refuse the query: that is the client's mistake.
  if (startAfter === undefined || startAfter < range.start || startAfter > range.end) {
    throw problems.invalidRequest([{ field: 'query.cursor', message: 'is not a cursor of this customer and these filters' }]);
  }
  return { range, startAfter, cursorScope };
}

function entryView(e: StoredTimelineEntry): TimelineEntry {
  if (e.type === 'TRANSACTION') {
    return {
      type: 'TRANSACTION',
      eventId: e.eventId,
      occurredAt: e.occurredAt,
      channel: e.channel as TimelineEntry['channel'],
      accountId: e.accountId,
      kind: e.kind as Extract<TimelineEntry, { type: 'TRANSACTION' }>['kind'],
      direction: e.direction,
      amount: { minor: e.amountMinor, currency: e.currency },
      fee: e.feeMinor !== undefined && e.feeCurrency ? { minor: e.feeMinor, currency: e.feeCurrency } : null,
      network: (e.network as Extract<TimelineEntry, { type: 'TRANSACTION' }>['network']) ?? null,
      merchantCategoryCode: e.merchantCategoryCode ?? null,
      reversalOf: e.reversalOf ?? null,
      counterpartyName: e.counterpartyName ?? null,
      remittanceInformation: e.remittanceInformation ?? null,
    };
  }
  return {
    type: 'INTERACTION',
    eventId: e.eventId,
    occurredAt: e.occurredAt,
    channel: e.channel as TimelineEntry['channel'],
    interactionType: e.interactionType as Extract<TimelineEntry, { type: 'INTERACTION' }>['interactionType'],
    agentAssisted: e.agentAssisted,
    durationSeconds: e.durationSeconds ?? null,
    topic: e.topic ?? null,
  };
}

export function timelinePage(customerId: string, plan: TimelinePlan, slice: TimelineSlice): TimelinePage {
  return {
    customerId,
    entries: slice.entries.map(entryView),
    nextCursor: slice.resumeAfter ? encodeCursor(slice.resumeAfter, plan.cursorScope) : null,
  };
}
