// Entries whose account never arrives: parked longer than the stage's alarm age. The schedule counts
// them into ParkedEntriesOverdue (which alarms); staff list them through GET /admin/parked-entries.
import type { ParkedEntries, ParkedEntrySummary } from '../adapters/parked-entries';

export type OverdueReport = { olderThanHours: number; cutoff: string; total: number; entries: ParkedEntrySummary[] };

export const overdueCutoff = (now: Date, olderThanHours: number) => new Date(now.getTime() - olderThanHours * 3_600_000);

export async function overdueParkedEntries(
  parked: Pick<ParkedEntries, 'parkedBefore' | 'countParkedBefore'>,
  now: Date,
  olderThanHours: number,
  limit: number,
): Promise<OverdueReport> {
  const cutoff = overdueCutoff(now, olderThanHours);
  const [total, entries] = await Promise.all([parked.countParkedBefore(cutoff), limit > 0 ? parked.parkedBefore(cutoff, limit) : []]);
  return { olderThanHours, cutoff: cutoff.toISOString(), total, entries };
}
