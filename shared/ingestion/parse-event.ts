// Turns an SQS message body (an EventBridge envelope) into a validated core-banking event, or says
// precisely why it cannot: the reason travels with the message to the dead-letter queue.
import {
  coreBankingEvents,
  EventBridgeEnvelope,
  type CoreBankingDetailType,
  type CoreBankingEvent,
  producerOf,
} from '../contracts/events';
import { isPlausibleInstant, PLAUSIBLE_INSTANTS } from '../contracts/primitives';
import { describeIssues, fieldIssues } from '../contracts/validation-issues';

export type ParseResult =
  | {
      ok: true;
      event: CoreBankingEvent;
      /** The envelope's source: the plain event source, or a producer's `<eventSource>.<producer>` (absent for a load's lines). */
      source?: string;
    }
  | { ok: false; reason: string };

const isKnownDetailType = (t: string): t is CoreBankingDetailType => Object.hasOwn(coreBankingEvents, t);

/** `nowMs` is the clock `occurredAt` is held to (a parameter, so that tests can fix it). */
export function parseCoreBankingEvent(body: string, expectedSource: string, nowMs = Date.now()): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const envelope = EventBridgeEnvelope.safeParse(json);
  if (!envelope.success) return { ok: false, reason: `not an EventBridge event: ${describeIssues(fieldIssues(envelope.error))}` };

  const { source, 'detail-type': detailType, detail } = envelope.data;
  if (producerOf(source, expectedSource) === undefined) {
    return { ok: false, reason: `source '${source}' is not '${expectedSource}' or '${expectedSource}.<producer>'` };
  }
  return parseEventDetail(detailType, detail, source, 'detail', nowMs);
}

/**
 * The detail of a named detail-type, validated by its contract schema (ingestion and the initial load),
 * and its `occurredAt` held to the plausible window: a producer's clock a day ahead, or a date field
 * read as an epoch, would otherwise win every newer-wins comparison for that record from then on.
 */
export function parseEventDetail(detailType: string, detail: unknown, source?: string, field = 'detail', nowMs = Date.now()): ParseResult {
  if (!isKnownDetailType(detailType)) return { ok: false, reason: `unknown detail-type '${detailType}'` };
  const parsed = coreBankingEvents[detailType].safeParse(detail);
  if (!parsed.success) {
    return { ok: false, reason: `${detailType} v1: ${describeIssues(fieldIssues(parsed.error, field))}` };
  }
  if (!isPlausibleInstant(parsed.data.occurredAt, nowMs)) {
    return { ok: false, reason: `${detailType} v1: ${field}.occurredAt must lie between ${PLAUSIBLE_INSTANTS.earliest} and one day after it was received` };
  }
  return { ok: true, event: { detailType, detail: parsed.data } as CoreBankingEvent, ...(source ? { source } : {}) };
}
