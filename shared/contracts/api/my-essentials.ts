// GET /me: what a customer sees about itself. Customer-facing words only: a service tier, never the
// internal segment, income band, vulnerability flag or contribution figures.
import * as z from 'zod/mini';
import { AccountId, BranchId, CalendarDate, CurrencyCode, CustomerId, Money, Product } from '../primitives';

export const MyAccount = z.object({
  accountId: AccountId,
  product: Product,
  currency: CurrencyCode,
  balance: z.nullable(z.extend(Money, { asOf: CalendarDate })),
});

export const MyEssentials = z.object({
  customerId: CustomerId,
  fullName: z.nullable(z.string()),
  preferredLanguage: z.enum(['en', 'zh']),
  homeBranchId: z.nullable(BranchId),
  customerSince: z.nullable(CalendarDate),
  serviceTier: z
    .string()
    .check(
      z.describe(
        "The service tier's code as the bank configures it (by default PREMIER, ADVANCE or CLASSIC): the same as GET /me/service-tier's tier.code, which adds its names and entitlements.",
      ),
    ),
  relationshipManager: z
    .nullable(z.object({ managerId: z.string(), branchId: BranchId }))
    .check(z.describe('Your named relationship manager, if you have one.')),
  accounts: z.array(MyAccount).check(z.describe('Open accounts whose opening is recorded.')),
});
export type MyEssentials = z.infer<typeof MyEssentials>;
