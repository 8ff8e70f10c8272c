// What an erasure leaves of a complaint: the lifecycle, dates, category, queue and outcome codes that
// complaint-handling rules ask the bank to keep (FCA DISP 1.9, the PBoC's complaint rules), without the
// customer's words, contacts or anything a handler wrote about them. Pure.
import type { ComplaintRecord, StoredHistoryEntry } from '../../adapters/complaint-records';
import type { Resolution } from './resolution';

/** Stands in for free text an erasure removed: a complaint keeps a description by contract. */
export const ERASED_TEXT = '[erased]';

const erasedResolution = (r: Resolution): Resolution => ({
  code: r.code,
  ...(r.relief?.monetary ? { relief: { monetary: r.relief.monetary } } : {}),
});

export function erasedComplaintRecord(record: ComplaintRecord): ComplaintRecord {
  const { contactPreference: _contact, description: _description, ...intake } = record.intake;
  const { routingReasons: _reasons, ...rest } = record;
  const c = record.complaint;
  return {
    ...rest,
    complaint: { ...c, ...(c.resolution ? { resolution: erasedResolution(c.resolution) } : {}) },
    intake: { ...intake, description: ERASED_TEXT },
  };
}

export function erasedHistoryEntry(entry: StoredHistoryEntry): StoredHistoryEntry {
  const { note: _note, ...rest } = entry;
  return { ...rest, ...('resolution' in entry && entry.resolution ? { resolution: erasedResolution(entry.resolution) } : {}) } as StoredHistoryEntry;
}
