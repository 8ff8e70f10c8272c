// Stored customer records → the API's views. Pure: what staff see (the 360) and what the customer sees
// of itself (essentials, no internal labels or figures).
import type { CustomerView, HoldingView } from '../../shared/contracts/api/customer-view';
import type { MyEssentials } from '../../shared/contracts/api/my-essentials';
import type { CustomerRecords } from '../../shared/adapters/customer-records-reader';
import type { StoredAccount } from '../../shared/adapters/customer-record-items';

/** Until segmentation assigns tiers, every customer is served at the standard tier. */
export const SERVICE_TIER_UNTIL_SEGMENTATION = 'STANDARD';

export const isKnownCustomer = (records: CustomerRecords) => records.profile !== undefined || records.accounts.length > 0;

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

export function customerView(customerId: string, records: CustomerRecords): CustomerView {
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
    segment: null,
    relationshipManager: null,
  };
}

export function myEssentials(customerId: string, records: CustomerRecords): MyEssentials {
  const p = records.profile;
  return {
    customerId,
    fullName: p?.fullName ?? null,
    preferredLanguage: p?.preferredLanguage ?? 'en',
    homeBranchId: p?.homeBranchId ?? null,
    customerSince: p?.customerSince ?? null,
    serviceTier: SERVICE_TIER_UNTIL_SEGMENTATION,
    relationshipManager: null,
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
