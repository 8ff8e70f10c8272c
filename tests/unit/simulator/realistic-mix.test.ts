import { describe, expect, it } from 'vitest';
import type { CoreBankingEvent, TransactionPosted } from '../../../shared/contracts/events';
import { PRODUCTS } from '../../../shared/contracts/primitives';
import { countByDetailType, generateCoreBankingStream, simulatedCustomers, type StreamOptions } from '../../../local/simulator/core-banking-stream';
import { PERSONA_TRAITS, PERSONAS, type Persona } from '../../../local/simulator/personas';
import { median, roughContribution } from './support/rough-contribution';

// Two independent months, so that bounds hold for the generator and not for one lucky seed.
const runs: StreamOptions[] = [
  { customers: 300, days: 30, seed: 'mix-1' },
  { customers: 300, days: 30, seed: 'mix-2', start: '2027-03-01' },
];
const streams = new Map<StreamOptions, CoreBankingEvent[]>();
const streamOf = (o: StreamOptions) => streams.get(o) ?? streams.set(o, [...generateCoreBankingStream(o)]).get(o)!;

describe.each(runs)('a simulated month (seed $seed)', (run) => {
  const transactions = () => streamOf(run).flatMap((e) => (e.detailType === 'TransactionPosted' ? [e.detail] : []));

  it('has a realistic share of each detail-type', () => {
    const counts = countByDetailType(streamOf(run));
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const share = (n: number) => n / total;
    expect(counts.CustomerOnboarded).toBe(run.customers);
    expect(share(counts.BalanceSnapshot)).toBeGreaterThan(0.35);
    expect(share(counts.BalanceSnapshot)).toBeLessThan(0.7);
    expect(share(counts.TransactionPosted)).toBeGreaterThan(0.2);
    expect(share(counts.TransactionPosted)).toBeLessThan(0.5);
    expect(share(counts.ChannelInteraction)).toBeGreaterThan(0.04);
    expect(share(counts.ChannelInteraction)).toBeLessThan(0.2);
    // Accounts: two to four per customer; some close; a few profiles change in a month.
    expect(counts.AccountOpened / run.customers).toBeGreaterThan(2);
    expect(counts.AccountOpened / run.customers).toBeLessThan(4);
    expect(counts.AccountClosed).toBeGreaterThan(0);
    expect(counts.AccountClosed).toBeLessThan(counts.AccountOpened * 0.05);
    expect(counts.CustomerProfileUpdated).toBeGreaterThan(0);
    expect(counts.CustomerProfileUpdated).toBeLessThan(run.customers * 0.2);
  });

  it('spreads accounts over every product, each held by a fair number of customers', () => {
    const holders = new Map<string, Set<string>>(PRODUCTS.map((p) => [p, new Set()]));
    for (const e of streamOf(run)) if (e.detailType === 'AccountOpened') holders.get(e.detail.product)!.add(e.detail.customerId);
    for (const product of PRODUCTS) expect.soft(holders.get(product)!.size, product).toBeGreaterThanOrEqual(15);
    expect(holders.get('CURRENT_ACCOUNT')!.size).toBe(run.customers);
  });

  it('posts the everyday transactions of a bank, on the channels they use', () => {
    const txs = transactions();
    const kinds = new Map<string, TransactionPosted[]>();
    for (const t of txs) kinds.set(t.kind, [...(kinds.get(t.kind) ?? []), t]);
    const of = (kind: string) => kinds.get(kind) ?? [];

    // Most customers are paid once in a month.
    expect(of('SALARY').length).toBeGreaterThan(run.customers * 0.8);
    expect(of('SALARY').length).toBeLessThan(run.customers * 1.1);
    expect(of('SALARY').every((t) => t.direction === 'CREDIT')).toBe(true);
    // Card purchases: the most common transaction, at POS or online, with a merchant category code.
    expect(of('CARD_PURCHASE').length).toBe(Math.max(...[...kinds.values()].map((k) => k.length)));
    expect(of('CARD_PURCHASE').every((t) => ['POS', 'ONLINE'].includes(t.channel) && /^\d{4}$/.test(t.merchantCategoryCode ?? ''))).toBe(true);
    expect(new Set(of('CARD_PURCHASE').map((t) => t.merchantCategoryCode)).size).toBeGreaterThan(12);
    expect(of('CASH_WITHDRAWAL').filter((t) => t.channel === 'ATM').length).toBeGreaterThan(run.customers * 0.5);
    expect(of('BILL_PAYMENT').length).toBeGreaterThan(run.customers);
    expect(of('BILL_PAYMENT').every((t) => t.channel === 'MOBILE' || t.channel === 'ONLINE')).toBe(true);
    // Transfers over CNAPS and SWIFT; SWIFT debits always pay a fee; app transfers in China are free.
    const transfers = of('TRANSFER');
    const swift = transfers.filter((t) => t.network === 'SWIFT');
    const cnaps = transfers.filter((t) => t.network === 'CNAPS');
    expect(swift.length).toBeGreaterThan(10);
    expect(cnaps.length).toBeGreaterThan(run.customers);
    expect(swift.filter((t) => t.direction === 'DEBIT').every((t) => (t.fee?.minor ?? 0) > 0)).toBe(true);
    expect(cnaps.filter((t) => t.channel !== 'BRANCH' && t.fee).length).toBe(0);
    expect(cnaps.filter((t) => t.channel === 'BRANCH' && t.direction === 'DEBIT').every((t) => (t.fee?.minor ?? 0) > 0)).toBe(true);
    expect(of('LOAN_REPAYMENT').length).toBeGreaterThan(0);
    // Fees always in the currency of the amount.
    expect(txs.every((t) => !t.fee || t.fee.currency === t.amount.currency)).toBe(true);
  });

  it('is mostly in CNY, with some GBP and USD', () => {
    const currencies = new Map<string, number>();
    for (const t of transactions()) currencies.set(t.amount.currency, (currencies.get(t.amount.currency) ?? 0) + 1);
    const total = [...currencies.values()].reduce((a, b) => a + b, 0);
    expect(currencies.get('CNY')! / total).toBeGreaterThan(0.55);
    expect(currencies.get('GBP')! / total).toBeGreaterThan(0.1);
    expect(currencies.get('USD') ?? 0).toBeGreaterThan(0);
  });

  it('has some loans and cards fall behind, band by band, and a few default', () => {
    const statuses = streamOf(run).flatMap((e) => (e.detailType === 'LoanStatusChanged' ? [e.detail] : []));
    const movedTo = (status: string) => statuses.filter((s) => s.status === status && s.version > 1).length;
    const delinquencies = ['DELINQUENT_30', 'DELINQUENT_60', 'DELINQUENT_90_PLUS', 'DEFAULT'].map(movedTo);
    expect(delinquencies.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(8);
    expect(statuses.some((s) => s.status === 'DEFAULT' || s.status === 'WRITTEN_OFF')).toBe(true);
    // Still, most lending is performing.
    const latest = new Map(statuses.map((s) => [s.accountId, s.status]));
    const current = [...latest.values()].filter((s) => s === 'CURRENT' || s === 'REPAID').length;
    expect(current / latest.size).toBeGreaterThan(0.8);
    for (const s of statuses) expect(s.daysPastDue >= 30).toBe(s.status !== 'CURRENT' && s.status !== 'REPAID');
  });

  it('draws every persona near its intended share', () => {
    const roster = simulatedCustomers(run);
    for (const persona of PERSONAS) {
      const share = roster.filter((c) => c.persona === persona).length / roster.length;
      expect.soft(Math.abs(share - PERSONA_TRAITS[persona].share), persona).toBeLessThan(0.06);
    }
    expect(roster.filter((c) => c.region === 'UK').length / roster.length).toBeGreaterThan(0.15);
    expect(roster.some((c) => c.newcomer)).toBe(true);
  });

  it('spreads personas across segments once contribution is computed', () => {
    const figures = roughContribution(streamOf(run));
    const roster = simulatedCustomers(run);
    const contributions = (p: Persona) => roster.filter((c) => c.persona === p).map((c) => figures.get(c.customerId)!.contribution);
    const positives = [...figures.values()].map((f) => f.contribution).filter((c) => c > 0).sort((a, b) => a - b);
    const mvcThreshold = positives[Math.floor(positives.length * 0.8)]!;
    const shareWhere = (p: Persona, test: (c: number) => boolean) => contributions(p).filter(test).length / contributions(p).length;

    // Wealthy customers are the most valuable: nearly all above the 80th percentile of positive contributors.
    expect(shareWhere('WEALTHY', (c) => c >= mvcThreshold)).toBeGreaterThan(0.9);
    // Costly customers mostly cost more than they earn.
    expect(shareWhere('COSTLY', (c) => c < 0)).toBeGreaterThan(0.7);
    // Ordinary and young customers mostly earn a little, below the MVC threshold.
    expect(shareWhere('ORDINARY', (c) => c >= 0 && c < mvcThreshold)).toBeGreaterThan(0.7);
    expect(shareWhere('YOUNG_GROWING', (c) => c >= 0 && c < mvcThreshold)).toBeGreaterThan(0.8);
    expect(median(contributions('WEALTHY'))).toBeGreaterThan(10 * median(contributions('ORDINARY')));
    // Young customers: high income with few products (under-penetrated) is common among them.
    const young = roster.filter((c) => c.persona === 'YOUNG_GROWING').map((c) => figures.get(c.customerId)!);
    const underPenetrated = young.filter((f) => (f.incomeBand === 'HIGH' || f.incomeBand === 'VERY_HIGH') && f.products.size <= 2);
    expect(underPenetrated.length / young.length).toBeGreaterThan(0.25);
    // Costly customers are served by people: tellers and call-centre agents.
    const agentServed = (p: Persona) => median(roster.filter((c) => c.persona === p).map((c) => figures.get(c.customerId)!.agentAssisted));
    expect(agentServed('COSTLY')).toBeGreaterThan(5 * Math.max(1, agentServed('ORDINARY')));
  });

  it('has young customers grow busier over the month while others stay level', () => {
    const roster = new Map(simulatedCustomers(run).map((c) => [c.customerId, c]));
    const half = Math.floor(run.days / 2);
    const byPersona = new Map<Persona, [number, number]>();
    const startMs = Date.parse(`${run.start ?? '2026-10-01'}T00:00:00Z`);
    for (const e of streamOf(run)) {
      if (e.detailType !== 'TransactionPosted' && e.detailType !== 'ChannelInteraction') continue;
      const c = roster.get(e.detail.customerId)!;
      if (c.newcomer) continue;
      const day = Math.floor((Date.parse(e.detail.occurredAt) - startMs) / 86_400_000);
      const counts = byPersona.get(c.persona) ?? [0, 0];
      counts[day < half ? 0 : 1] += 1;
      byPersona.set(c.persona, counts);
    }
    const growth = (p: Persona) => byPersona.get(p)![1] / byPersona.get(p)![0];
    expect(growth('YOUNG_GROWING')).toBeGreaterThan(1.15);
    expect(growth('ORDINARY')).toBeLessThan(1.12);
    expect(growth('WEALTHY')).toBeLessThan(1.15);
  });
});
