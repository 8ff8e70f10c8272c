// Who may call the API: the Cognito user pool groups. A person's groups arrive in the ID token.
import * as z from 'zod/mini';
import '../english-messages';

export const ROLES = ['customer', 'relationship-manager', 'complaint-handler', 'analyst', 'admin', 'compliance'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/**
 * Bank staff who work with customers' records. `compliance` (data-protection officers) is not among them:
 * it reads the access record and approves erasures, not customers' records.
 */
export const STAFF_ROLES = ['relationship-manager', 'complaint-handler', 'analyst', 'admin'] as const satisfies readonly Role[];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
