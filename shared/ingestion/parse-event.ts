// Turns an SQS message body (an EventBridge envelope) into a validated core-banking event, or says
// precisely why it cannot: the reason travels with the message to the dead-letter queue.
import {
  coreBankingEvents,
  EventBridgeEnvelope,
  type CoreBankingDetailType,
  type CoreBankingEvent,
  producerOf,
} from '../contracts/events';
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

export function parseCoreBankingEvent(body: string, expectedSource: string): ParseResult {
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
  return parseEventDetail(detailType, detail, source);
}

/** The detail of a named detail-type, validated by its contract schema (ingestion and the initial load). */
export function parseEventDetail(detailType: string, detail: unknown, source?: string, field = 'detail'): ParseResult {
  if (!isKnownDetailType(detailType)) return { ok: false, reason: `unknown detail-type '${detailType}'` };
  const parsed = coreBankingEvents[detailType].safeParse(detail);
  if (!parsed.success) {
    return { ok: false, reason: `${detailType} v1: ${describeIssues(fieldIssues(parsed.error, field))}` };
  }
  return { ok: true, event: { detailType, detail: parsed.data } as CoreBankingEvent, ...(source ? { source } : {}) };
}
