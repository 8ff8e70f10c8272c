// Carrying out an approved erasure request: the customer's partition (tombstone first), then their
// complaints, then the request marked ERASED. Idempotent throughout: approving again after a failure
// finishes the work, approving an erased request changes nothing.
import type { ComplaintStore } from '../adapters/complaint-store';
import type { CustomerErasure } from '../adapters/customer-erasure';
import type { ErasureRequest, ErasureRequests } from '../adapters/erasure-requests';
import { erasedComplaintRecord, erasedHistoryEntry } from '../domain/complaints/erased-complaint';
import type { RetentionPolicy } from '../domain/personal-data';

export type EraseDeps = {
  requests: ErasureRequests;
  partition: CustomerErasure;
  complaints: ComplaintStore;
  retention: RetentionPolicy;
  now: () => Date;
};

export async function approveErasure(deps: EraseDeps, requestId: string, approvedBy: string): Promise<ErasureRequest | undefined> {
  const request = await deps.requests.get(requestId);
  if (!request || request.status === 'ERASED') return request;
  const erasedAt = deps.now().toISOString();
  const partition = await deps.partition.erase(request.customerId, {
    erasedAt,
    erasureRequestId: request.requestId,
    retentionYears: deps.retention.years,
    retentionRegulation: deps.retention.regulation,
  });
  const complaints = await eraseComplaints(deps.complaints, request.customerId);
  const done = {
    approvedBy,
    erasedAt,
    retentionYears: deps.retention.years,
    retentionRegulation: deps.retention.regulation,
    counts: { ...partition, complaints },
  };
  await deps.requests.markErased(request, done);
  return { ...request, ...done, status: 'ERASED' };
}

/** Each complaint read afresh (the index is eventually consistent) and rewritten; a handler's change in between is retried. */
async function eraseComplaints(store: ComplaintStore, customerId: string): Promise<number> {
  const found = await store.allOfCustomer(customerId);
  for (const { complaint } of found) {
    for (let attempt = 1; ; attempt++) {
      const record = await store.get(complaint.id);
      if (!record) break;
      const history = await store.history(complaint.id);
      if ((await store.rewrite(erasedComplaintRecord(record), history.map(erasedHistoryEntry))) === 'saved') break;
      if (attempt >= 5) throw new Error(`complaint ${complaint.id} kept changing during its erasure`);
    }
  }
  return found.length;
}
