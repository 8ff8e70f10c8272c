// Stored customer records → the API's views. Pure: what staff see (the 360) and what the customer sees
// of itself (essentials, no internal labels or figures).
import type { CustomerView, HoldingView } from '../../shared/contracts/api/customer-view';
import type { MyEssentials } from '../../shared/contracts/api/my-essentials';
import type { CustomerRecords } from '../../shared/adapters/customer-records-reader';
import type { StoredAccount } from '../../shared/adapters/customer-record-items';
import type { ServiceLevels } from '../../shared/domain/segment-parameters';
import { customerServiceTier } from '../../shared/domain/service-entitlements';
import type { StoredAssignment } from '../../shared/segmentation/stored-assignment';

/** What the 360 and /me show of the stored segment assignment (shared/segmentation/stored-assignment.ts). */
export type AssignmentSummary = Pick<StoredAssignment, 'segment' | 'assignedAt' | 'manager'>;

const namedManager = (a: AssignmentSummary | undefined) =>
  a?.manager.kind === 'NAMED' ? { managerId: a.manager.managerId, branchId: a.manager.branchId } : null;

/** An erased customer is not known any more: their records are kept for retention only, never shown. */
export const isKnownCustomer = (records: CustomerRecords) =>
  records.profile?.erasedAt === undefined && (records.profile !== undefined || records.accounts.length > 0);

function holdingView(a: StoredAccount): HoldingView {
  return {
    accountId: a.accountId,
    product: (a.product as HoldingView['product']) ?? null,
    currency: a.currency ?? null,
    status: a.status ?? null,
    openedOn: a.openedOn ?? null,
    closedOn: a.closedOn ?? null,
    latestBalance:
      a.balanceMinor !== undefined && a.balanceCurrency && a.balanceAsOf
        ? { minor: a.balanceMinor, currency: a.balanceCurrency, asOf: a.balanceAsOf }
        : null,
    loan:
      a.loanStatus && a.outstandingMinor !== undefined && a.outstandingCurrency && a.loanStatusAt
        ? {
            status: a.loanStatus as NonNullable<HoldingView['loan']>['status'],
            daysPastDue: a.daysPastDue ?? 0,
            outstanding: { minor: a.outstandingMinor, currency: a.outstandingCurrency },
            asOf: a.loanStatusAt,
          }
        : null,
  };
}

export function customerView(customerId: string, records: CustomerRecords, assignment?: AssignmentSummary): CustomerView {
  const p = records.profile;
  return {
    customerId,
    profile: p
      ? {
          version: p.version,
          fullName: p.fullName,
          dateOfBirth: p.dateOfBirth ?? null,
          email: p.email ?? null,
          phone: p.phone ?? null,
          preferredLanguage: p.preferredLanguage,
          homeBranchId: p.homeBranchId,
          incomeBand: p.incomeBand,
          customerSince: p.customerSince,
          vulnerable: p.vulnerable,
          updatedAt: p.updatedAt,
        }
      : null,
    holdings: records.accounts.map(holdingView).sort((a, b) => a.accountId.localeCompare(b.accountId)),
    segment: assignment ? { code: assignment.segment, assignedAt: assignment.assignedAt } : null,
    relationshipManager: namedManager(assignment),
  };
}

/**
 * What the customer sees of itself. The tier is the configured one of GET /me/service-tier, for the same
 * reasons: a customer not yet assessed is served at the standard tier, and BZ and STANDARD share it.
 */
export function myEssentials(customerId: string, records: CustomerRecords, levels: ServiceLevels, assignment?: AssignmentSummary): MyEssentials {
  const p = records.profile;
  return {
    customerId,
    fullName: p?.fullName ?? null,
    preferredLanguage: p?.preferredLanguage ?? 'en',
    homeBranchId: p?.homeBranchId ?? null,
    customerSince: p?.customerSince ?? null,
    serviceTier: customerServiceTier(assignment?.segment ?? 'STANDARD', levels).tier.code,
    relationshipManager: namedManager(assignment),
    accounts: records.accounts
      .filter((a) => a.status === 'OPEN' && a.product && a.currency)
      .map((a) => ({
        accountId: a.accountId,
        product: a.product as MyEssentials['accounts'][number]['product'],
        currency: a.currency!,
        balance:
          a.balanceMinor !== undefined && a.balanceCurrency && a.balanceAsOf
            ? { minor: a.balanceMinor, currency: a.balanceCurrency, asOf: a.balanceAsOf }
            : null,
      }))
      .sort((a, b) => a.accountId.localeCompare(b.accountId)),
  };
}
