// How Fineract's ids become the contract's, in one place. Every id names the tenant, because two
// Fineract tenants number their clients, accounts and transactions independently:
//   customer   fineract:<tenant>:client:<clientId>
//   account    fineract:<tenant>:savings:<savingsAccountId> | fineract:<tenant>:loan:<loanId>
//   branch     fineract:<tenant>:office:<officeId>
//   posting    fineract:<tenant>:savings-txn:<id> | fineract:<tenant>:loan-txn:<id>   (TransactionPosted)
//   other      fineract:<tenant>:<idempotencyKey>[.<bulk item id>][:<what>]          (every other event)
// Savings and loan accounts are separate number spaces in Fineract, hence the kind in the account id.
import { createHash } from 'node:crypto';

/** Fineract tenant identifiers are short names (`default`); anything else is refused, not escaped. */
export const TENANT_PATTERN = /^[A-Za-z0-9_-]{1,30}$/;

export type FineractIds = ReturnType<typeof fineractIds>;

export function fineractIds(tenant: string) {
  if (!TENANT_PATTERN.test(tenant)) throw new FineractMappingError('envelope field tenantId is not a tenant identifier ([A-Za-z0-9_-], at most 30)');
  const at = `fineract:${tenant}`;
  return {
    customer: (clientId: number) => `${at}:client:${clientId}`,
    savingsAccount: (id: number) => `${at}:savings:${id}`,
    loanAccount: (id: number) => `${at}:loan:${id}`,
    office: (id: number) => `${at}:office:${id}`,
    savingsPosting: (id: number | string) => `${at}:savings-txn:${id}`,
    loanPosting: (id: number | string) => `${at}:loan-txn:${id}`,
    /** The event id of a state event: the idempotency key (hashed if it holds other characters). */
    event: (key: string, what?: string) => `${at}:${/^[A-Za-z0-9._-]{1,64}$/.test(key) ? key : `h-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`}${what ? `:${what}` : ''}`,
  };
}

/** Input that cannot become a contract event: the message goes to the dead-letter queue with this. */
export class FineractMappingError extends Error {}
