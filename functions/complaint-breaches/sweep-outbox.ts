// The outbox sweep (shared/adapters/complaint-outbox.ts): complaints stored RECEIVED longer than the stream
// needs to route them are touched, which puts them through the table's stream to the router again. Past
// the stream's own retries, this is what makes every stored complaint reach routing; the router's
// version condition keeps it to one routing however often a complaint is swept.
import { OUTBOX_SWEEP_AFTER_MS } from '../../shared/adapters/complaint-outbox';
import type { BreachScanStore } from '../../shared/adapters/complaint-breach-scan-store';

export async function sweepOutbox(store: Pick<BreachScanStore, 'receivedNotRoutedBefore' | 'sweepIntoOutbox'>, now: string): Promise<{ swept: string[] }> {
  const before = new Date(Date.parse(now) - OUTBOX_SWEEP_AFTER_MS).toISOString();
  const swept: string[] = [];
  for await (const complaintId of store.receivedNotRoutedBefore(before)) {
    if (await store.sweepIntoOutbox(complaintId, now)) swept.push(complaintId);
  }
  return { swept };
}
