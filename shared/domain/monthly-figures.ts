// A customer's activity figures for one reporting month, folded from the items ingestion stores in the
// customer's partition (record-changes.ts), after unmarshalling. Pure: the caller queries, this folds.
//
// - Each event is one item (ingestion is idempotent), so a plain fold counts each event once, and
//   the result does not depend on the order of the items.
// - The fold selects by time itself: passing the whole partition, or a Query range wider than the
//   month, gives the same figures. Loans need their history before the month (the status at the
//   previous month end), so pass LOAN# items from the start, or at least from a year back.
// - Months are calendar months of the reporting time zone (reporting-calendar.ts): instants are
//   placed by local time there; business dates (asOf, openedOn, closedOn) are taken as written.
// - Figures stay in the currency they happened in and carry no parameter: contribution.ts prices them,
//   so a change of margins, unit costs or rates re-prices stored figures without re-reading events.
// - A reversal (a TRANSACTION with reversalOf) cancels what the original added, in the month the
//   reversal happened: one transaction fewer on its channel, its amount off the volume and its fee off
//   the fees. The reversal carries its own amount, channel and fee (a camt reversal entry repeats the
//   original's), so this needs neither the original's item nor any order between the two: an original
//   and its reversal in one month net to nothing, and across months each month shows what happened in it.
import * as z from 'zod/mini';
import { LoanStatus } from '../contracts/events';
import { CalendarDate, Channel, CHANNELS, CurrencyCode, Product, PRODUCTS } from '../contracts/primitives';
import { describeIssues, fieldIssues } from '../contracts/validation-issues';
import { divideHalfEven } from './segmentation/exact-ratio';
import { daysInMonth, isMonth, reportingMonthBounds } from './segmentation/reporting-calendar';

/** An item of the customer's partition as the DynamoDB document client returns it. */
export type StoredItem = Readonly<Record<string, unknown>>;

/** Integer minor units per ISO currency code. */
export type CurrencyAmounts = Record<string, number>;

export type ChannelTransactions = { count: number; volumeMinor: CurrencyAmounts };
export type ChannelInteractions = { agentAssisted: number; selfService: number };

export type LoanPosition = { status: LoanStatus; daysPastDue: number; outstandingMinor: number; currency: string };

export type LoanAtMonthEnd = LoanPosition & {
  accountId: string;
  product: Product;
  /** The loan at the end of the previous month; null when no status was known by then. */
  previous: LoanPosition | null;
  /** Statuses the loan entered during the month, oldest first. */
  statusesEnteredInMonth: LoanStatus[];
};

export type UnreadItem = { sk: string | null; reason: string };

export type MonthlyFigures = {
  month: string;
  timeZone: string;
  transactions: Record<Channel, ChannelTransactions>;
  /** Fees charged on the month's transactions, in the currency charged. */
  feesMinor: CurrencyAmounts;
  /** Agent-assisted: a person served (teller, call-centre agent); otherwise self-service or IVR. */
  interactions: Record<Channel, ChannelInteractions>;
  /** Average daily balance per product: per account (see averageDailyBalance), summed per product. */
  averageBalanceMinor: Record<Product, CurrencyAmounts>;
  /** Accounts open on at least one day of the month: each carries the monthly servicing cost. */
  openAccounts: { count: number; byProduct: Record<Product, number> };
  /** Distinct products of the accounts still open on the month's last day. */
  productsHeldAtMonthEnd: number;
  loans: LoanAtMonthEnd[];
  /** Outstanding on loans neither repaid nor written off at month end. */
  loanExposureMinor: CurrencyAmounts;
  /** Items of a known type that could not be read: counted nowhere, reported so nobody trusts a gap. */
  unreadItems: UnreadItem[];
};

export type MonthlyFiguresOptions = { timeZone: string };

const instant = z.string().check(z.refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO instant'));
const minor = z.number().check(z.int());

const TransactionItem = z
  .object({
    occurredAt: instant,
    channel: Channel,
    amountMinor: minor,
    currency: CurrencyCode,
    feeMinor: z.optional(minor),
    feeCurrency: z.optional(CurrencyCode),
    reversalOf: z.optional(z.string().check(z.minLength(1))),
  })
  .check(z.refine((t) => (t.feeMinor === undefined) === (t.feeCurrency === undefined), 'feeMinor and feeCurrency go together'));

const InteractionItem = z.object({ occurredAt: instant, channel: Channel, agentAssisted: z.boolean() });

const BalanceItem = z.object({
  accountId: z.string().check(z.minLength(1)),
  product: Product,
  asOf: CalendarDate,
  balanceMinor: minor,
  currency: CurrencyCode,
});

const LoanStatusItem = z.object({
  eventId: z.string().check(z.minLength(1)),
  occurredAt: instant,
  accountId: z.string().check(z.minLength(1)),
  product: Product,
  loanVersion: z.number().check(z.int()),
  loanStatus: LoanStatus,
  daysPastDue: z.number().check(z.int()),
  outstandingMinor: minor,
  currency: CurrencyCode,
});

/** An ACCOUNT item may hold only a balance or a loan status when its lifecycle event has not arrived. */
const AccountItem = z.object({
  accountId: z.string().check(z.minLength(1)),
  product: z.optional(Product),
  openedOn: z.optional(CalendarDate),
  status: z.optional(z.enum(['OPEN', 'CLOSED'])),
  closedOn: z.optional(CalendarDate),
});

const readers = {
  TRANSACTION: TransactionItem,
  INTERACTION: InteractionItem,
  BALANCE: BalanceItem,
  LOAN_STATUS: LoanStatusItem,
  ACCOUNT: AccountItem,
} as const;
type ReadType = keyof typeof readers;

const byKey = <K extends string, V>(keys: readonly K[], make: () => V) =>
  Object.fromEntries(keys.map((k) => [k, make()])) as Record<K, V>;

const addTo = (amounts: CurrencyAmounts, currency: string, value: number) => {
  amounts[currency] = (amounts[currency] ?? 0) + value;
};

type Balance = z.infer<typeof BalanceItem>;
type Lifecycle = { openedOn: string | undefined; closedOn: string | undefined; product: Product | undefined };
type LoanEntry = z.infer<typeof LoanStatusItem> & { at: number };

export function monthlyFigures(items: Iterable<StoredItem>, month: string, options: MonthlyFiguresOptions): MonthlyFigures {
  if (!isMonth(month)) throw new RangeError(`'${month}' is not a month (YYYY-MM)`);
  const { startMs, endMs } = reportingMonthBounds(month, options.timeZone);
  const inMonth = (iso: string) => {
    const t = Date.parse(iso);
    return t >= startMs && t < endMs;
  };
  const figures: MonthlyFigures = {
    month,
    timeZone: options.timeZone,
    transactions: byKey(CHANNELS, () => ({ count: 0, volumeMinor: {} })),
    feesMinor: {},
    interactions: byKey(CHANNELS, () => ({ agentAssisted: 0, selfService: 0 })),
    averageBalanceMinor: byKey(PRODUCTS, () => ({})),
    openAccounts: { count: 0, byProduct: byKey(PRODUCTS, () => 0) },
    productsHeldAtMonthEnd: 0,
    loans: [],
    loanExposureMinor: {},
    unreadItems: [],
  };

  const lifecycles = new Map<string, Lifecycle>();
  const balances: Balance[] = [];
  const loanHistory = new Map<string, LoanEntry[]>();

  for (const item of items) {
    const type = item.type;
    if (typeof type !== 'string' || !Object.hasOwn(readers, type)) continue; // PROFILE and future item types
    const parsed = readers[type as ReadType].safeParse(item);
    if (!parsed.success) {
      figures.unreadItems.push({
        sk: typeof item.SK === 'string' ? item.SK : null,
        reason: `${type}: ${describeIssues(fieldIssues(parsed.error))}`,
      });
      continue;
    }
    switch (type as ReadType) {
      case 'TRANSACTION': {
        const t = parsed.data as z.infer<typeof TransactionItem>;
        if (!inMonth(t.occurredAt)) break;
        const channel = figures.transactions[t.channel];
        const sign = t.reversalOf === undefined ? 1 : -1;
        channel.count += sign;
        addTo(channel.volumeMinor, t.currency, sign * t.amountMinor);
        if (t.feeMinor !== undefined && t.feeCurrency !== undefined) addTo(figures.feesMinor, t.feeCurrency, sign * t.feeMinor);
        break;
      }
      case 'INTERACTION': {
        const i = parsed.data as z.infer<typeof InteractionItem>;
        if (!inMonth(i.occurredAt)) break;
        figures.interactions[i.channel][i.agentAssisted ? 'agentAssisted' : 'selfService'] += 1;
        break;
      }
      case 'BALANCE': {
        const b = parsed.data as Balance;
        if (b.asOf.startsWith(`${month}-`)) balances.push(b);
        break;
      }
      case 'LOAN_STATUS': {
        const l = parsed.data as z.infer<typeof LoanStatusItem>;
        const history = loanHistory.get(l.accountId) ?? [];
        history.push({ ...l, at: Date.parse(l.occurredAt) });
        loanHistory.set(l.accountId, history);
        break;
      }
      case 'ACCOUNT': {
        const a = parsed.data as z.infer<typeof AccountItem>;
        lifecycles.set(a.accountId, {
          openedOn: a.openedOn,
          // A reopened account keeps its old closedOn attribute: only a CLOSED status means closed.
          closedOn: a.status === 'CLOSED' ? a.closedOn : undefined,
          product: a.product,
        });
        break;
      }
    }
  }

  foldAccounts(figures, month, lifecycles, balances);
  foldLoans(figures, loanHistory, startMs, endMs);
  return figures;
}

function foldAccounts(figures: MonthlyFigures, month: string, lifecycles: Map<string, Lifecycle>, balances: Balance[]) {
  const firstDate = `${month}-01`;
  const lastDate = `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;

  // Sorted so that nothing below depends on the order the items came in.
  balances.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  const series = new Map<string, Balance[]>();
  for (const b of balances) {
    const key = `${b.accountId}\u0000${b.currency}`;
    series.set(key, [...(series.get(key) ?? []), b]);
  }
  for (const snapshots of series.values()) {
    const first = snapshots[0]!;
    const average = averageDailyBalance(snapshots, month, lifecycles.get(first.accountId));
    addTo(figures.averageBalanceMinor[lifecycles.get(first.accountId)?.product ?? first.product], first.currency, average);
  }

  const withSnapshot = new Map(balances.map((b) => [b.accountId, b.product]));
  const productsAtEnd = new Set<Product>();
  for (const accountId of new Set([...lifecycles.keys(), ...withSnapshot.keys()])) {
    const life = lifecycles.get(accountId);
    const product = life?.product ?? withSnapshot.get(accountId);
    if (!product) continue; // a loan-status-only item: its lifecycle has not arrived, nothing to serve yet
    let openInMonth: boolean;
    let openAtEnd: boolean;
    if (life?.openedOn) {
      openInMonth = life.openedOn <= lastDate && !(life.closedOn !== undefined && life.closedOn < firstDate);
      openAtEnd = life.openedOn <= lastDate && !(life.closedOn !== undefined && life.closedOn <= lastDate);
    } else {
      // Lifecycle unknown: a balance reported in the month is the evidence the account exists.
      openInMonth = openAtEnd = withSnapshot.has(accountId);
    }
    if (openInMonth) {
      figures.openAccounts.count += 1;
      figures.openAccounts.byProduct[product] += 1;
    }
    if (openAtEnd) productsAtEnd.add(product);
  }
  figures.productsHeldAtMonthEnd = productsAtEnd.size;
}

/**
 * Average daily balance of one account over the month's calendar days, rounded half to even:
 * - a day with a snapshot takes it; a day without takes the latest earlier one (the core publishes
 *   nothing on some days: weekends, holidays);
 * - days before the account opened, and from the day it closed, count as zero, so an account opened
 *   on the 20th earns a third of a month's margin, not a whole one;
 * - days after opening but before the month's first snapshot take that first snapshot (the previous
 *   month's last one is not among the month's items).
 * When the core reports every day of a month for an account open all month, this is exactly the mean
 * of the month's daily snapshots.
 */
function averageDailyBalance(snapshots: Balance[], month: string, life: Lifecycle | undefined): number {
  const days = daysInMonth(month);
  const dayOf = (date: string) => Number(date.slice(8, 10));
  const byDay = new Map<number, number>();
  for (const s of snapshots) byDay.set(dayOf(s.asOf), s.balanceMinor); // one BAL item per day and account
  const snapshotDays = [...byDay.keys()].sort((a, b) => a - b);
  const firstSnapshotDay = snapshotDays[0]!;
  const lastSnapshotDay = snapshotDays[snapshotDays.length - 1]!;

  const first = `${month}-01`;
  const last = `${month}-${String(days).padStart(2, '0')}`;
  const { openedOn, closedOn } = life ?? {};
  const openedDay = !openedOn || openedOn < first ? 1 : openedOn > last ? days + 1 : dayOf(openedOn);
  // The usual interest-day convention: the opening day is held, the closing day is not.
  const lastHeldDay = !closedOn || closedOn > last ? days : closedOn < first ? 0 : dayOf(closedOn) - 1;
  // Reported balances are facts: the held period always covers the days that have one.
  const from = Math.min(openedDay, firstSnapshotDay);
  const to = Math.max(lastHeldDay, lastSnapshotDay);

  let total = 0;
  let current = byDay.get(firstSnapshotDay)!;
  for (let day = from; day <= to; day++) {
    current = byDay.get(day) ?? current;
    total += current;
  }
  return divideHalfEven(total, days);
}

const newer = (a: LoanEntry, b: LoanEntry) =>
  a.loanVersion !== b.loanVersion ? a.loanVersion > b.loanVersion : a.at !== b.at ? a.at > b.at : a.eventId > b.eventId;

const latest = (entries: LoanEntry[]) => entries.reduce<LoanEntry | undefined>((best, e) => (!best || newer(e, best) ? e : best), undefined);

const position = (e: LoanEntry): LoanPosition => ({
  status: e.loanStatus,
  daysPastDue: e.daysPastDue,
  outstandingMinor: e.outstandingMinor,
  currency: e.currency,
});

/**
 * The loan's status at month end is its newest change (by the producer's loan version, as on the
 * ACCOUNT item) among those that happened before the month ended; likewise at the previous month end.
 */
function foldLoans(figures: MonthlyFigures, history: Map<string, LoanEntry[]>, startMs: number, endMs: number) {
  const accountIds = [...history.keys()].sort();
  for (const accountId of accountIds) {
    const entries = history.get(accountId)!;
    const atEnd = latest(entries.filter((e) => e.at < endMs));
    if (!atEnd) continue;
    const atPreviousEnd = latest(entries.filter((e) => e.at < startMs));
    const entered = entries
      .filter((e) => e.at >= startMs && e.at < endMs)
      .sort((a, b) => (newer(a, b) ? 1 : newer(b, a) ? -1 : 0))
      .map((e) => e.loanStatus);
    figures.loans.push({
      accountId,
      product: atEnd.product,
      ...position(atEnd),
      previous: atPreviousEnd ? position(atPreviousEnd) : null,
      statusesEnteredInMonth: entered,
    });
    if (atEnd.loanStatus !== 'REPAID' && atEnd.loanStatus !== 'WRITTEN_OFF') {
      addTo(figures.loanExposureMinor, atEnd.currency, atEnd.outstandingMinor);
    }
  }
}
