// What a customer contributes to the bank's earnings (MISSION.md, Contribution):
//
//   contribution = net interest margin + fee income − cost to serve − credit losses
//
// per customer per reporting month, in integer minor units of the reporting currency, priced from the
// month's figures (monthly-figures.ts) with the stage's parameters (segment-parameters.ts).
//
// Rounding: every line (a product's margin, a currency's fees, a loan's provision) is computed exactly
// and rounded once, half to even; a term is the sum of its lines and the contribution the sum of its
// terms. So every breakdown shown to staff adds up to the figure it explains, to the minor unit.
import type { Channel, Product } from '../contracts/primitives';
import { PRODUCTS } from '../contracts/primitives';
import { toReportingExact, type CurrencyProblem, type CurrencyTable } from './currency';
import type { MonthlyFigures } from './monthly-figures';
import { COST_CLASSES, type ContributionParameters, type CostClass } from './segment-parameters';
import { mul, ratio, roundHalfEven, sub, sum, ZERO, type Ratio } from './segmentation/exact-ratio';
import { addMonths } from './segmentation/reporting-calendar';
import { err, ok, type Result } from './segmentation/result';

/** Cost class of a posted transaction: its channel says who processed it. Phone banking is the IVR. */
export function costClassOfTransaction(channel: Channel): CostClass {
  switch (channel) {
    case 'BRANCH':
      return 'BRANCH_TELLER';
    case 'PHONE':
      return 'PHONE_IVR';
    default:
      return channel;
  }
}

/**
 * Cost class of an interaction: when a person served, their cost (a teller where the customer stood
 * in the bank's premises or at its machines, a call-centre agent when remote); otherwise the
 * machine's. A branch visit nobody served used the branch's self-service points.
 */
export function costClassOfInteraction(channel: Channel, agentAssisted: boolean): CostClass {
  if (agentAssisted) return channel === 'PHONE' || channel === 'MOBILE' || channel === 'ONLINE' ? 'CALL_CENTRE_AGENT' : 'BRANCH_TELLER';
  switch (channel) {
    case 'BRANCH':
      return 'SELF_SERVICE';
    case 'PHONE':
      return 'PHONE_IVR';
    default:
      return channel;
  }
}

export type MarginLine = { product: Product; averageBalanceMinor: number; marginBps: number; amountMinor: number };
export type FeeLine = { currency: string; feesMinor: number; amountMinor: number };
export type CostLine = { costClass: CostClass; count: number; unitCostMinor: number; amountMinor: number };
export type ServicingLine = { openAccounts: number; unitCostMinor: number; amountMinor: number };
export type ProvisionLine = {
  accountId: string;
  product: Product;
  status: string;
  previousStatus: string | null;
  /** Provision charged (positive) or released (negative) this month. */
  amountMinor: number;
};

export type MonthlyContribution = {
  month: string;
  currency: string;
  netInterestMarginMinor: number;
  feeIncomeMinor: number;
  /** Positive: a cost, subtracted. */
  costToServeMinor: number;
  /** Positive: a loss, subtracted; negative when provisions are released. */
  creditLossesMinor: number;
  contributionMinor: number;
  lines: {
    netInterestMargin: MarginLine[];
    feeIncome: FeeLine[];
    /** Transactions and interactions by cost class; with servicing, they make up the cost to serve. */
    contacts: CostLine[];
    servicing: ServicingLine;
    creditLosses: ProvisionLine[];
  };
};

export type ContributionRejected = { reason: string; problems: CurrencyProblem[] };

const MONTHS_PER_YEAR = 12n;
const BPS = 10_000n;

const toNumber = (r: Ratio) => Number(roundHalfEven(r));
const total = (lines: { amountMinor: number }[]) => lines.reduce((s, l) => s + l.amountMinor, 0);

/**
 * The month's contribution, or the currencies that could not be converted, all of them, with their
 * reasons. It is all or nothing: a contribution that silently left out an unconvertible fee or loan
 * would move a customer between segments on a configuration gap.
 */
export function monthlyContribution(
  figures: MonthlyFigures,
  parameters: { contribution: ContributionParameters; currency: CurrencyTable },
): Result<MonthlyContribution, ContributionRejected> {
  const { contribution: p, currency: table } = parameters;
  const problems = new Map<string, CurrencyProblem>();
  const convert = (minor: number, currency: string): Ratio => {
    const r = toReportingExact(minor, currency, table);
    if (r.ok) return r.value;
    problems.set(`${r.error.code}:${currency}`, r.error);
    return ZERO;
  };

  // Net interest margin: average balance × annual margin ÷ 12 (the margin is the FTP spread, signed so
  // that both deposits and loans earn it on a positive balance).
  const netInterestMargin: MarginLine[] = [];
  for (const product of PRODUCTS) {
    const balances = Object.entries(figures.averageBalanceMinor[product]);
    if (balances.length === 0) continue;
    const balance = sum(balances.map(([currency, minor]) => convert(minor, currency)));
    const marginBps = p.netInterestMarginBps[product];
    netInterestMargin.push({
      product,
      averageBalanceMinor: toNumber(balance),
      marginBps,
      amountMinor: toNumber(mul(balance, ratio(marginBps, BPS * MONTHS_PER_YEAR))),
    });
  }

  const feeIncome: FeeLine[] = Object.entries(figures.feesMinor)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, feesMinor]) => ({ currency, feesMinor, amountMinor: toNumber(convert(feesMinor, currency)) }));

  const counts = new Map<CostClass, number>();
  const count = (c: CostClass, n: number) => counts.set(c, (counts.get(c) ?? 0) + n);
  for (const [channel, t] of Object.entries(figures.transactions) as [Channel, { count: number }][]) {
    count(costClassOfTransaction(channel), t.count);
  }
  for (const [channel, i] of Object.entries(figures.interactions) as [Channel, { agentAssisted: number; selfService: number }][]) {
    count(costClassOfInteraction(channel, true), i.agentAssisted);
    count(costClassOfInteraction(channel, false), i.selfService);
  }
  const contacts: CostLine[] = COST_CLASSES.filter((c) => (counts.get(c) ?? 0) > 0).map((costClass) => {
    const n = counts.get(costClass)!;
    const unitCostMinor = p.unitCostMinor[costClass];
    return { costClass, count: n, unitCostMinor, amountMinor: n * unitCostMinor };
  });
  const servicing: ServicingLine = {
    openAccounts: figures.openAccounts.count,
    unitCostMinor: p.servicingCostPerOpenAccountMinor,
    amountMinor: figures.openAccounts.count * p.servicingCostPerOpenAccountMinor,
  };

  // Credit losses: a provision is a stock (rate of the status × outstanding); the month is charged its
  // change. So 90+ → DEFAULT → WRITTEN_OFF over three months charges 20 % + 40 % + 40 % = 100 % of the
  // outstanding, not 180 %, and a loan that cures or is repaid releases what was provided.
  const provision = (status: keyof ContributionParameters['provisionRateBps'], minor: number, currency: string) =>
    mul(convert(minor, currency), ratio(p.provisionRateBps[status], BPS));
  const creditLosses: ProvisionLine[] = [];
  for (const loan of figures.loans) {
    const now = provision(loan.status, loan.outstandingMinor, loan.currency);
    const before = loan.previous ? provision(loan.previous.status, loan.previous.outstandingMinor, loan.previous.currency) : ZERO;
    const amountMinor = toNumber(sub(now, before));
    if (amountMinor === 0) continue;
    creditLosses.push({
      accountId: loan.accountId,
      product: loan.product,
      status: loan.status,
      previousStatus: loan.previous?.status ?? null,
      amountMinor,
    });
  }

  if (problems.size > 0) {
    const list = [...problems.values()];
    return err({
      reason: `contribution for ${figures.month} not computed: ${list.map((x) => `${x.currency}: ${x.reason}`).join('; ')}`,
      problems: list,
    });
  }

  const terms = {
    netInterestMarginMinor: total(netInterestMargin),
    feeIncomeMinor: total(feeIncome),
    costToServeMinor: total(contacts) + servicing.amountMinor,
    creditLossesMinor: total(creditLosses),
  };
  return ok({
    month: figures.month,
    currency: table.reportingCurrency,
    ...terms,
    contributionMinor: contributionOf(terms),
    lines: { netInterestMargin, feeIncome, contacts, servicing, creditLosses },
  });
}

/** The formula itself, on terms already priced. */
export const contributionOf = (t: {
  netInterestMarginMinor: number;
  feeIncomeMinor: number;
  costToServeMinor: number;
  creditLossesMinor: number;
}) => t.netInterestMarginMinor + t.feeIncomeMinor - t.costToServeMinor - t.creditLossesMinor;

/** Contribution per reporting month (YYYY-MM → minor units). A month absent contributed nothing. */
export type ContributionHistory = Readonly<Record<string, number>>;

const sumMonths = (history: ContributionHistory, lastMonth: string, months: number) => {
  let totalMinor = 0;
  let monthsWithFigures = 0;
  for (let i = 0; i < months; i++) {
    const value = history[addMonths(lastMonth, -i)];
    if (value === undefined) continue;
    totalMinor += value;
    monthsWithFigures += 1;
  }
  return { fromMonth: addMonths(lastMonth, -(months - 1)), toMonth: lastMonth, totalMinor, monthsWithFigures };
};

export type TrailingContribution = { fromMonth: string; toMonth: string; totalMinor: number; monthsWithFigures: number };

/** The customer's value: the sum over the 12 months ending with `asOfMonth`. */
export const trailingContribution = (history: ContributionHistory, asOfMonth: string): TrailingContribution =>
  sumMonths(history, asOfMonth, 12);

export type ContributionTrend = {
  latest: TrailingContribution;
  previous: TrailingContribution;
  deltaMinor: number;
  /**
   * (latest − previous) ÷ previous, when previous > 0. Null when previous ≤ 0: a ratio over a base at
   * or below zero says nothing (−100 → +1 would read as −101 %), so no growth rule can fire on it;
   * the delta still tells the direction.
   */
  growthRatio: number | null;
};

/** The latest 3 months ending with `asOfMonth` against the 3 before them. */
export function contributionTrend(history: ContributionHistory, asOfMonth: string): ContributionTrend {
  const latest = sumMonths(history, asOfMonth, 3);
  const previous = sumMonths(history, addMonths(asOfMonth, -3), 3);
  return {
    latest,
    previous,
    deltaMinor: latest.totalMinor - previous.totalMinor,
    growthRatio: previous.totalMinor > 0 ? (latest.totalMinor - previous.totalMinor) / previous.totalMinor : null,
  };
}

/** Whether the trend grew by at least `minGrowthBps`, decided on integers so that exactly 25 % is 25 %. */
export function grewAtLeast(trend: ContributionTrend, minGrowthBps: number): boolean {
  const previous = BigInt(trend.previous.totalMinor);
  if (previous <= 0n) return false;
  return BigInt(trend.latest.totalMinor) * BPS >= previous * (BPS + BigInt(minGrowthBps));
}
