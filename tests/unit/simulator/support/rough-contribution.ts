// A rough monthly contribution per customer with MISSION.md's default figures — only to check that the
// simulator's personas spread customers across segments. Not the domain's calculation: indicative FX
// rates, channel unit costs taken as reporting-currency units, provisions on the first status seen.
import type { CoreBankingEvent } from '../../../../shared/contracts/events';

const CNY_PER_UNIT: Record<string, number> = { CNY: 1, GBP: 9.2, USD: 7.1 };
const ANNUAL_MARGIN: Record<string, number> = {
  CURRENT_ACCOUNT: 0.02, SAVINGS: 0.015, TERM_DEPOSIT: 0.008, CREDIT_CARD: 0.09, PERSONAL_LOAN: 0.04, MORTGAGE: 0.012, WEALTH: 0.009,
};
const PROVISION: Record<string, number> = { DELINQUENT_90_PLUS: 0.2, DEFAULT: 0.6, WRITTEN_OFF: 1 };
const SERVICING_PER_ACCOUNT = 1.5;

const unitCost = (channel: string, agentAssisted?: boolean) =>
  ({ MOBILE: 0.08, ONLINE: 0.17, ATM: 0.85, PHONE: agentAssisted === false ? 1.25 : 3.75, BRANCH: 4 })[channel] ?? 0;

const cny = (m: { minor: number; currency: string }) => (m.minor / 100) * CNY_PER_UNIT[m.currency]!;

export type RoughFigures = { contribution: number; agentAssisted: number; incomeBand?: string; products: Set<string> };

export function roughContribution(events: Iterable<CoreBankingEvent>): Map<string, RoughFigures> {
  type Acc = { balances: Map<string, { sum: number; n: number; product: string }>; fees: number; cost: number; losses: number; provisioned: Map<string, number>; figures: RoughFigures };
  const all = new Map<string, Acc>();
  const of = (id: string) => {
    let a = all.get(id);
    if (!a) {
      a = { balances: new Map(), fees: 0, cost: 0, losses: 0, provisioned: new Map(), figures: { contribution: 0, agentAssisted: 0, products: new Set() } };
      all.set(id, a);
    }
    return a;
  };
  for (const e of events) {
    const a = of(e.detail.customerId);
    switch (e.detailType) {
      case 'CustomerOnboarded':
      case 'CustomerProfileUpdated':
        a.figures.incomeBand = e.detail.profile.incomeBand;
        break;
      case 'AccountOpened':
        a.figures.products.add(e.detail.product);
        break;
      case 'BalanceSnapshot': {
        const b = a.balances.get(e.detail.accountId) ?? { sum: 0, n: 0, product: e.detail.product };
        b.sum += cny(e.detail.balance);
        b.n += 1;
        a.balances.set(e.detail.accountId, b);
        break;
      }
      case 'TransactionPosted':
        if (e.detail.fee) a.fees += cny(e.detail.fee);
        a.cost += unitCost(e.detail.channel);
        if (e.detail.channel === 'BRANCH') a.figures.agentAssisted += 1;
        break;
      case 'ChannelInteraction':
        a.cost += unitCost(e.detail.channel, e.detail.agentAssisted);
        if (e.detail.agentAssisted) a.figures.agentAssisted += 1;
        break;
      case 'LoanStatusChanged': {
        const target = (PROVISION[e.detail.status] ?? 0) * cny(e.detail.outstanding);
        const before = a.provisioned.get(e.detail.accountId) ?? 0;
        if (target > before) {
          a.losses += target - before;
          a.provisioned.set(e.detail.accountId, target);
        }
        break;
      }
    }
  }
  const out = new Map<string, RoughFigures>();
  for (const [id, a] of all) {
    let margin = 0;
    for (const b of a.balances.values()) margin += ((b.sum / b.n) * ANNUAL_MARGIN[b.product]!) / 12;
    a.figures.contribution = margin + a.fees - a.cost - a.balances.size * SERVICING_PER_ACCOUNT - a.losses;
    out.set(id, a.figures);
  }
  return out;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
