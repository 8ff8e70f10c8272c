// One PutEvents entry: checked as EventBridge checks it, then turned into the event rules see.
import { randomUUID } from 'node:crypto';

export type PutEventsRequestEntry = {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  Resources?: string[];
  EventBusName?: string;
  /** Epoch seconds: AWS JSON 1.1 sends timestamps as numbers. */
  Time?: number | string;
  TraceHeader?: string;
};

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** The event as EventBridge hands it to rules and targets. */
export type EventBridgeEvent = {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
};

// Since January 2026 an event may carry 1 MB (it was 256 KB); the limit is on the request's entries.
export const MAX_PUT_EVENTS_BYTES = 1024 * 1024;
export const MAX_ENTRIES_PER_REQUEST = 10;

/** Entry size as EventBridge documents it: Time counts 14 bytes, strings their UTF-8 length. */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (s?: string) => (s ? Buffer.byteLength(s, 'utf8') : 0);
  return (
    (entry.Time !== undefined ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, r) => sum + bytes(r), 0)
  );
}

export type EntryCheck = { ok: true; detail: Record<string, unknown> } | { ok: false; result: PutEventsResultEntry };

const invalidArgument = (field: string, reason: string): EntryCheck => ({
  ok: false,
  result: { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${reason}` },
});

export function checkEntry(entry: PutEventsRequestEntry): EntryCheck {
  if (!entry.Source) return invalidArgument('Source', 'Source is a required argument.');
  if (!entry.DetailType) return invalidArgument('DetailType', 'DetailType is a required argument.');
  if (!entry.Detail) return invalidArgument('Detail', 'Detail is a required argument.');
  if (entry.Source.startsWith('aws.')) {
    return {
      ok: false,
      result: { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
    };
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    detail = undefined;
  }
  // Detail must be a JSON object: a string, number or array is as malformed as broken JSON.
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    return { ok: false, result: { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' } };
  }
  return { ok: true, detail: detail as Record<string, unknown> };
}

/** EventBridge's time format: RFC 3339 in UTC, whole seconds. */
export const eventTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function entryTime(time: PutEventsRequestEntry['Time'], now: Date): Date {
  if (time === undefined) return now;
  const date = typeof time === 'number' ? new Date(time * 1000) : new Date(time);
  return Number.isNaN(date.getTime()) ? now : date;
}

export function buildEvent(
  entry: PutEventsRequestEntry,
  detail: unknown,
  where: { account: string; region: string; now: Date; id?: string },
): EventBridgeEvent {
  return {
    version: '0',
    id: where.id ?? randomUUID(),
    'detail-type': entry.DetailType!,
    source: entry.Source!,
    account: where.account,
    time: eventTime(entryTime(entry.Time, where.now)),
    region: where.region,
    resources: entry.Resources ?? [],
    detail,
  };
}
