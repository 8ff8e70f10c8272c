// The customer's own consent, erasure requests and data export, and compliance's approval of erasures.
import * as z from 'zod/mini';
import { CONSENT_STATES, MarketingChannel, MarketingPurpose } from '../events/consent';
import { CustomerId } from '../primitives';
import '../english-messages';

export const ConsentPathParams = z.strictObject({ purpose: MarketingPurpose, channel: MarketingChannel });

export const ConsentChangeRequest = z.strictObject({ state: z.enum(CONSENT_STATES) });

export const ConsentView = z.object({
  purpose: MarketingPurpose,
  channel: MarketingChannel,
  /** NOT_GIVEN: the customer never decided, which permits nothing. */
  state: z.enum([...CONSENT_STATES, 'NOT_GIVEN']),
  changedAt: z.nullable(z.string()),
  /** Where the decision was made: the bank's core systems (branch, front end), this API, or an erasure. */
  source: z.nullable(z.enum(['CORE_BANKING', 'CUSTOMER_API', 'ERASURE'])),
});
export type ConsentView = z.infer<typeof ConsentView>;

export const MyConsents = z.object({ consents: z.array(ConsentView) });

const RequestId = z.string().check(z.regex(/^[0-9a-f-]{36}$/, 'must be an erasure request id (a UUID)'));
export const ErasureRequestPathParams = z.strictObject({ requestId: RequestId });

export const ErasureRequestView = z.object({
  requestId: z.string(),
  customerId: CustomerId,
  status: z.enum(['PENDING', 'ERASED']),
  requestedAt: z.string(),
  erasedAt: z.nullable(z.string()),
  /** What retention kept, pseudonymised, and under which rule: shown to the customer too (GDPR art. 17(3)(b)). */
  retention: z.nullable(z.object({ years: z.number(), regulation: z.string() })),
});
export type ErasureRequestView = z.infer<typeof ErasureRequestView>;

export const ErasureRequestList = z.object({ requests: z.array(ErasureRequestView) });
export const ErasureRequestListQuery = z.strictObject({ status: z._default(z.enum(['PENDING', 'ERASED']), 'PENDING') });

const Items = z.array(z.record(z.string(), z.unknown()));

/** One document with everything the CRM holds about the customer (GDPR art. 15 and 20, PIPL art. 45). */
export const MyDataExport = z.object({
  format: z.literal('crm-customer-export/1'),
  customerId: CustomerId,
  exportedAt: z.string(),
  profile: z.nullable(z.record(z.string(), z.unknown())),
  accounts: Items,
  balances: Items,
  loanStatuses: Items,
  timeline: Items,
  consents: z.array(ConsentView),
  complaints: Items,
  erasureRequest: z.nullable(ErasureRequestView),
});
export type MyDataExport = z.infer<typeof MyDataExport>;
