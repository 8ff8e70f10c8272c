import * as z from 'zod';
import { BranchId, CalendarDate, EntityVersion } from '../primitives';
import { eventDetailBase } from './common';

export const INCOME_BANDS = ['LOW', 'MIDDLE', 'HIGH', 'VERY_HIGH'] as const;

/**
 * The whole profile at one version. Both profile events carry all of it (state-carried events), so
 * "newest version wins" never loses a field when updates arrive out of order.
 */
export const CustomerProfile = z.object({
  version: EntityVersion,
  fullName: z.string().min(1).max(200),
  dateOfBirth: CalendarDate.optional(),
  email: z.email().max(254).optional(),
  phone: z.string().regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number').optional(),
  preferredLanguage: z.enum(['en', 'zh']).default('en'),
  homeBranchId: BranchId,
  incomeBand: z.enum(INCOME_BANDS),
  customerSince: CalendarDate,
  vulnerable: z.boolean().default(false),
});
export type CustomerProfile = z.infer<typeof CustomerProfile>;

export const CustomerOnboarded = z.object({ ...eventDetailBase, profile: CustomerProfile });
export type CustomerOnboarded = z.infer<typeof CustomerOnboarded>;

export const CustomerProfileUpdated = z.object({ ...eventDetailBase, profile: CustomerProfile });
export type CustomerProfileUpdated = z.infer<typeof CustomerProfileUpdated>;
