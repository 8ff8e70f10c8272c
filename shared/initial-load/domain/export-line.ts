// One line of a JSONL export: one contract event in the shape of the examples in schemas/events/
// ({ "Source", "DetailType", "Detail" }, the PutEvents entry), validated by the contract's schema as
// ingestion validates it (shared/ingestion/parse-event.ts). Reasons name fields, never values.
import type { ParseResult } from '../../ingestion/parse-event';
import { parseEventDetail } from '../../ingestion/parse-event';

export function parseExportLine(text: string, expectedSource: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'line is not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, reason: 'line is not a JSON object' };
  const entry = json as Record<string, unknown>;
  if (entry.Source !== undefined && entry.Source !== expectedSource) return { ok: false, reason: `Source: must be '${expectedSource}'` };
  if (typeof entry.DetailType !== 'string' || entry.DetailType === '') return { ok: false, reason: 'DetailType: must be a detail-type of the contract' };
  if (entry.Detail === undefined) return { ok: false, reason: 'Detail: required' };
  return parseEventDetail(entry.DetailType, entry.Detail, undefined, 'Detail');
}
