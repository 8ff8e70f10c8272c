import { describe, expect, it } from 'vitest';
import { customerView, isKnownCustomer, myEssentials } from '../../../functions/customer-api/customer-views';
import type { CustomerRecords } from '../../../shared/adapters/customer-records-reader';
import { CustomerView } from '../../../shared/contracts/api/customer-view';
import { MyEssentials } from '../../../shared/contracts/api/my-essentials';
import { DEFAULT_SEGMENT_PARAMETERS } from '../../../shared/domain/segment-parameters';

const records: CustomerRecords = {
  profile: {
    PK: 'CUSTOMER#C-1',
    SK: 'PROFILE',
    customerId: 'C-1',
    version: 3,
    fullName: 'Wang Fang',
    email: 'wang.fang@example.com',
    preferredLanguage: 'zh',
    homeBranchId: 'BR-1',
    incomeBand: 'HIGH',
    customerSince: '2020-01-01',
    vulnerable: true,
    updatedAt: '2026-01-01T00:00:00.000Z',
  },
  accounts: [
    { PK: 'p', SK: 'ACCOUNT#A-2', accountId: 'A-2', product: 'SAVINGS', currency: 'CNY', status: 'CLOSED', openedOn: '2021-01-01', closedOn: '2022-01-01' },
    {
      PK: 'p',
      SK: 'ACCOUNT#L-1',
      accountId: 'L-1',
      product: 'MORTGAGE',
      currency: 'CNY',
      status: 'OPEN',
      openedOn: '2021-01-01',
      balanceMinor: 100,
      balanceCurrency: 'CNY',
      balanceAsOf: '2026-01-01',
      loanStatus: 'DELINQUENT_30',
      daysPastDue: 31,
      outstandingMinor: 100,
      outstandingCurrency: 'CNY',
      loanStatusAt: '2026-01-02T00:00:00.000Z',
    },
    // A balance that arrived before the account's opening event.
    { PK: 'p', SK: 'ACCOUNT#A-1', accountId: 'A-1', balanceMinor: 5, balanceCurrency: 'CNY', balanceAsOf: '2026-01-01' },
  ],
};

describe('customer 360', () => {
  it('holds profile, holdings with balance and loan status, and no segment yet', () => {
    const view = CustomerView.parse(customerView('C-1', records));
    expect(view.profile).toMatchObject({ fullName: 'Wang Fang', phone: null, vulnerable: true });
    expect(view.holdings.map((h) => h.accountId)).toEqual(['A-1', 'A-2', 'L-1']);
    expect(view.holdings[0]).toMatchObject({ product: null, status: null, latestBalance: { minor: 5, asOf: '2026-01-01' } });
    expect(view.holdings[2]!.loan).toEqual({ status: 'DELINQUENT_30', daysPastDue: 31, outstanding: { minor: 100, currency: 'CNY' }, asOf: '2026-01-02T00:00:00.000Z' });
    expect(view.segment).toBeNull();
    expect(view.relationshipManager).toBeNull();
  });

  it('knows a customer from its accounts alone', () => {
    expect(isKnownCustomer({ accounts: records.accounts })).toBe(true);
    expect(isKnownCustomer({ accounts: [] })).toBe(false);
  });
});

describe('/me essentials', () => {
  it('shows the standard tier and open accounts, and no internal label or figure', () => {
    const me = MyEssentials.parse(myEssentials('C-1', records, DEFAULT_SEGMENT_PARAMETERS.serviceLevels));
    expect(me.serviceTier).toBe('CLASSIC');
    expect(me.accounts.map((a) => a.accountId)).toEqual(['L-1']);
    const text = JSON.stringify(me);
    for (const internal of ['incomeBand', 'HIGH', 'vulnerable', 'segment', 'DELINQUENT', 'daysPastDue', 'email']) {
      expect(text).not.toContain(internal);
    }
  });
});
