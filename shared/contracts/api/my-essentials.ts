// GET /me: what a customer sees about itself. Customer-facing words only: a service tier, never the
// internal segment, income band, vulnerability flag or contribution figures.
import * as z from 'zod/mini';
import { AccountId, BranchId, CalendarDate, CurrencyCode, CustomerId, Money, Product } from '../primitives';

/** Customer-facing tiers. PREMIER and PRIORITY arrive with segmentation; everyone is STANDARD until then. */
export const SERVICE_TIERS = ['STANDARD', 'PRIORITY', 'PREMIER'] as const;
export const ServiceTier = z.enum(SERVICE_TIERS);

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
  serviceTier: ServiceTier.check(z.describe('Always STANDARD until segmentation is in place (segmentation issue).')),
  relationshipManager: z
    .nullable(z.object({ managerId: z.string(), branchId: BranchId }))
    .check(z.describe('Your named relationship manager, if you have one; null until segmentation assigns managers.')),
  accounts: z.array(MyAccount).check(z.describe('Open accounts whose opening is recorded.')),
});
export type MyEssentials = z.infer<typeof MyEssentials>;
