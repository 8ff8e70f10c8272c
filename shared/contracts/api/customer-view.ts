// GET /customers/{customerId}: the customer 360 that staff read.
import * as z from 'zod';
import { INCOME_BANDS, LOAN_STATUSES } from '../events';
import { AccountId, BranchId, CalendarDate, CurrencyCode, CustomerId, Money, Product } from '../primitives';

export const CustomerPathParams = z.strictObject({ customerId: CustomerId });

/** Instants in responses are UTC with milliseconds, as stored. */
const UtcInstant = z.string().describe('UTC instant, ISO 8601');

export const CustomerProfileView = z.object({
  version: z.number().int().describe('Profile version: a higher version is a newer state.'),
  fullName: z.string(),
  dateOfBirth: CalendarDate.nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  preferredLanguage: z.enum(['en', 'zh']),
  homeBranchId: BranchId,
  incomeBand: z.enum(INCOME_BANDS),
  customerSince: CalendarDate,
  vulnerable: z.boolean().describe('Vulnerable-customer flag: raises complaint severity; never shown to the customer.'),
  updatedAt: UtcInstant,
});
export type CustomerProfileView = z.infer<typeof CustomerProfileView>;

export const BalanceView = Money.extend({ asOf: CalendarDate });

export const LoanView = z.object({
  status: z.enum(LOAN_STATUSES),
  daysPastDue: z.number().int().nonnegative(),
  outstanding: Money,
  asOf: UtcInstant,
});

export const HoldingView = z
  .object({
    accountId: AccountId,
    product: Product.nullable(),
    currency: CurrencyCode.nullable(),
    status: z.enum(['OPEN', 'CLOSED']).nullable(),
    openedOn: CalendarDate.nullable(),
    closedOn: CalendarDate.nullable(),
    latestBalance: BalanceView.nullable().describe('End-of-day balance with the newest as-of date; for lending, the amount owed.'),
    loan: LoanView.nullable().describe('Latest loan status, for lending products.'),
  })
  .describe(
    'One account. Events arrive in any order, so a balance or loan status can be known before the opening event: ' +
      'until it arrives, product, currency, status and openedOn are null.',
  );
export type HoldingView = z.infer<typeof HoldingView>;

export const SEGMENTS = ['MVC', 'MGC', 'BZ', 'STANDARD'] as const;

export const SegmentSummary = z
  .object({ code: z.enum(SEGMENTS), assignedAt: UtcInstant })
  .describe('Value segment (MVC, MGC, BZ, STANDARD). Internal: never shown to the customer.');

export const RelationshipManagerRef = z.object({ managerId: z.string(), branchId: BranchId });

export const CustomerView = z.object({
  customerId: CustomerId,
  profile: CustomerProfileView.nullable().describe('null when account events arrived before the onboarding event.'),
  holdings: z.array(HoldingView),
  segment: SegmentSummary.nullable().describe('null until segmentation is in place (segmentation issue).'),
  relationshipManager: RelationshipManagerRef.nullable().describe(
    'The named manager of an MVC customer; null until segmentation assigns managers, and for customers without one.',
  ),
});
export type CustomerView = z.infer<typeof CustomerView>;
