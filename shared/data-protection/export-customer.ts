// The customer's data as one document (access and portability). Everything of the customer's partition
// but segmentation's internal state and the keys, and their complaints with what they told us.
import type { ComplaintStore } from '../adapters/complaint-store';
import type { ErasureRequests } from '../adapters/erasure-requests';
import type { MyDataExport } from '../contracts/api/data-protection';
import type { StoredConsent } from '../domain/marketing-consent';
import { ACCOUNT_PREFIX, BALANCE_PREFIX, CONSENT_PREFIX, LOAN_PREFIX, PROFILE_SK, TIMELINE_PREFIX } from '../domain/record-keys';
import { consentViews } from './consents';
import { erasureRequestView } from './erasure-views';

export type ExportDeps = {
  partition: (customerId: string) => AsyncIterable<Record<string, unknown>>;
  complaints: Pick<ComplaintStore, 'allOfCustomer'>;
  requests: Pick<ErasureRequests, 'get'>;
  now: () => Date;
};

/** Storage bookkeeping, not data about the customer: keys, ordering guards, index keys, expiry. */
const INTERNAL = new Set(['PK', 'SK', 'observed', 'balanceObserved', 'loanVersion', 'consentOrder', 'expiresAt', 'requestId', 'type']);
const clean = (item: Record<string, unknown>) => Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.has(k)));

export async function exportCustomer(deps: ExportDeps, customerId: string): Promise<MyDataExport> {
  const doc: MyDataExport = {
    format: 'crm-customer-export/1',
    customerId,
    exportedAt: deps.now().toISOString(),
    profile: null,
    accounts: [],
    balances: [],
    loanStatuses: [],
    timeline: [],
    consents: [],
    complaints: [],
    erasureRequest: null,
  };
  const consents: StoredConsent[] = [];
  let erasureRequestId: string | undefined;
  for await (const item of deps.partition(customerId)) {
    const sk = String(item.SK);
    if (sk === PROFILE_SK) doc.profile = clean(item);
    else if (sk.startsWith(ACCOUNT_PREFIX)) doc.accounts.push(clean(item));
    else if (sk.startsWith(BALANCE_PREFIX)) doc.balances.push(clean(item));
    else if (sk.startsWith(LOAN_PREFIX)) doc.loanStatuses.push(clean(item));
    else if (sk.startsWith(TIMELINE_PREFIX)) doc.timeline.push(clean(item));
    else if (sk.startsWith(CONSENT_PREFIX)) consents.push(item as unknown as StoredConsent);
    else if (sk === 'ERASURE') erasureRequestId = String(item.requestId);
  }
  doc.consents = consentViews(consents);
  for (const r of await deps.complaints.allOfCustomer(customerId)) {
    const c = r.complaint;
    doc.complaints.push({
      complaintId: c.id,
      status: c.status,
      receivedAt: c.receivedAt,
      category: c.category ?? null,
      description: r.intake.description,
      channel: r.intake.channel,
      contactPreference: r.intake.contactPreference ?? null,
      disputedAmount: r.intake.disputedAmount ?? null,
      resolution: c.resolution ?? null,
    });
  }
  if (erasureRequestId) {
    const request = await deps.requests.get(erasureRequestId);
    if (request) doc.erasureRequest = erasureRequestView(request);
  }
  return doc;
}
