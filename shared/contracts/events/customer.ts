import * as z from 'zod/mini';
import { BranchId, CalendarDate, EntityVersion } from '../primitives';
import { eventDetailBase } from './common';

export const INCOME_BANDS = ['LOW', 'MIDDLE', 'HIGH', 'VERY_HIGH'] as const;

/**
 * The whole profile at one version. Both profile events carry all of it (state-carried events), so
 * "newest version wins" never loses a field when updates arrive out of order.
 */
export const CustomerProfile = z.object({
  version: EntityVersion,
  fullName: z.string().check(z.minLength(1), z.maxLength(200)),
  dateOfBirth: z.optional(CalendarDate),
  email: z.optional(z.email().check(z.maxLength(254))),
  phone: z.optional(z.string().check(z.regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number'))),
  preferredLanguage: z._default(z.enum(['en', 'zh']), 'en'),
  homeBranchId: BranchId,
  incomeBand: z.enum(INCOME_BANDS),
  customerSince: CalendarDate,
  vulnerable: z._default(z.boolean(), false),
});
export type CustomerProfile = z.infer<typeof CustomerProfile>;

export const CustomerOnboarded = z.object({ ...eventDetailBase, profile: CustomerProfile });
export type CustomerOnboarded = z.infer<typeof CustomerOnboarded>;

export const CustomerProfileUpdated = z.object({ ...eventDetailBase, profile: CustomerProfile });
export type CustomerProfileUpdated = z.infer<typeof CustomerProfileUpdated>;
