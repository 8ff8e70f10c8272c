import type { ErasureRequest } from '../adapters/erasure-requests';
import type { ErasureRequestView } from '../contracts/api/data-protection';

export const erasureRequestView = (r: ErasureRequest): ErasureRequestView => ({
  requestId: r.requestId,
  customerId: r.customerId,
  status: r.status,
  requestedAt: r.requestedAt,
  erasedAt: r.erasedAt ?? null,
  retention: r.retentionYears !== undefined && r.retentionRegulation ? { years: r.retentionYears, regulation: r.retentionRegulation } : null,
});
