// GET /customers/{customerId}: the customer 360 that staff read.
import * as z from 'zod/mini';
import { INCOME_BANDS, LOAN_STATUSES } from '../events';
import { AccountId, BranchId, CalendarDate, CurrencyCode, CustomerId, Money, Product } from '../primitives';

export const CustomerPathParams = z.strictObject({ customerId: CustomerId });

/** Instants in responses are UTC with milliseconds, as stored. */
const UtcInstant = z.string().check(z.describe('UTC instant, ISO 8601'));

export const CustomerProfileView = z.object({
  version: z.number().check(z.int(), z.describe('Profile version: a higher version is a newer state.')),
  fullName: z.string(),
  dateOfBirth: z.nullable(CalendarDate),
  email: z.nullable(z.string()),
  phone: z.nullable(z.string()),
  preferredLanguage: z.enum(['en', 'zh']),
  homeBranchId: BranchId,
  incomeBand: z.enum(INCOME_BANDS),
  customerSince: CalendarDate,
  vulnerable: z
    .boolean()
    .check(z.describe('Vulnerable-customer flag: raises complaint severity; never shown to the customer.')),
  updatedAt: UtcInstant,
});
export type CustomerProfileView = z.infer<typeof CustomerProfileView>;

export const BalanceView = z.extend(Money, { asOf: CalendarDate });

export const LoanView = z.object({
  status: z.enum(LOAN_STATUSES),
  daysPastDue: z.number().check(z.int(), z.nonnegative()),
  outstanding: Money,
  asOf: UtcInstant,
});

export const HoldingView = z
  .object({
    accountId: AccountId,
    product: z.nullable(Product),
    currency: z.nullable(CurrencyCode),
    status: z.nullable(z.enum(['OPEN', 'CLOSED'])),
    openedOn: z.nullable(CalendarDate),
    closedOn: z.nullable(CalendarDate),
    latestBalance: z
      .nullable(BalanceView)
      .check(z.describe('End-of-day balance with the newest as-of date; for lending, the amount owed.')),
    loan: z.nullable(LoanView).check(z.describe('Latest loan status, for lending products.')),
  })
  .check(
    z.describe(
      'One account. Events arrive in any order, so a balance or loan status can be known before the opening event: ' +
        'until it arrives, product, currency, status and openedOn are null.',
    ),
  );
export type HoldingView = z.infer<typeof HoldingView>;

export const SEGMENTS = ['MVC', 'MGC', 'BZ', 'STANDARD'] as const;

export const SegmentSummary = z
  .object({ code: z.enum(SEGMENTS), assignedAt: UtcInstant })
  .check(z.describe('Value segment (MVC, MGC, BZ, STANDARD). Internal: never shown to the customer.'));

export const RelationshipManagerRef = z.object({ managerId: z.string(), branchId: BranchId });

export const CustomerView = z.object({
  customerId: CustomerId,
  profile: z
    .nullable(CustomerProfileView)
    .check(z.describe('null when account events arrived before the onboarding event.')),
  holdings: z.array(HoldingView),
  segment: z.nullable(SegmentSummary).check(z.describe('null until segmentation is in place (segmentation issue).')),
  relationshipManager: z
    .nullable(RelationshipManagerRef)
    .check(
      z.describe(
        'The named manager of an MVC customer; null until segmentation assigns managers, and for customers without one.',
      ),
    ),
});
export type CustomerView = z.infer<typeof CustomerView>;

/**
 * The 360 as analysts see it: the customer under its stable pseudonym, and no name, contact detail, date
 * of birth, vulnerability flag or account number: what segments, products and balances are made of, not
 * who has them.
 */
export const PseudonymisedCustomerView = z.strictObject({
  pseudonym: z.string().check(z.describe('Stable pseudonym of the customer (HMAC under the stage key): the same in every answer.')),
  profile: z.nullable(
    z.strictObject({
      preferredLanguage: z.enum(['en', 'zh']),
      homeBranchId: BranchId,
      incomeBand: z.enum(INCOME_BANDS),
      customerSince: CalendarDate,
    }),
  ),
  holdings: z.array(
    z.strictObject({
      product: z.nullable(Product),
      currency: z.nullable(CurrencyCode),
      status: z.nullable(z.enum(['OPEN', 'CLOSED'])),
      openedOn: z.nullable(CalendarDate),
      closedOn: z.nullable(CalendarDate),
      latestBalance: z.nullable(BalanceView),
      loan: z.nullable(LoanView),
    }),
  ),
  segment: z.nullable(SegmentSummary),
});
export type PseudonymisedCustomerView = z.infer<typeof PseudonymisedCustomerView>;

export function pseudonymisedCustomerView(view: CustomerView, pseudonym: (customerId: string) => string): PseudonymisedCustomerView {
  const p = view.profile;
  return {
    pseudonym: pseudonym(view.customerId),
    profile: p ? { preferredLanguage: p.preferredLanguage, homeBranchId: p.homeBranchId, incomeBand: p.incomeBand, customerSince: p.customerSince } : null,
    holdings: view.holdings.map(({ accountId: _accountId, ...holding }) => holding),
    segment: view.segment,
  };
}
