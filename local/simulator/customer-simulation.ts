// One simulated customer, day by day: arrival (profile and accounts), salary, spending, cash, transfers,
// loans that are repaid or fall behind, calls and branch visits, and the end-of-day balance of every
// account. Each customer draws from a generator of its own, so a customer's story depends on the seed
// and its number only — not on how many customers or days the run has.
import type { ChannelInteraction, CustomerProfile, LoanStatus, TransactionPosted } from '../../shared/contracts/events';
import type { Channel, Product } from '../../shared/contracts/primitives';
import { addMonths, dayNumber, dayOfMonth, hours, isLastDayOfMonth, isoDate, isWeekend, weekday } from './calendar';
import { CustomerEventLog, customerIdOf, type TimedEvent } from './event-log';
import { atmFee, domesticTransferFee, LATE_PAYMENT_FEE_CNY, swiftFee } from './fees';
import { pickMerchant } from './merchants';
import { personName, phoneNumber } from './names';
import { PERSONA_MIX, PERSONA_TRAITS, type Persona, type PersonaTraits } from './personas';
import { Random } from './random';
import { minorUnits, type Region, type RegionCode, REGIONS, type SimCurrency } from './regions';

type LendingProduct = 'CREDIT_CARD' | 'PERSONAL_LOAN' | 'MORTGAGE';
type Topic = NonNullable<ChannelInteraction['topic']>;
type Kind = TransactionPosted['kind'];
type Direction = TransactionPosted['direction'];
type Network = NonNullable<TransactionPosted['network']>;

type Lending = {
  status: LoanStatus;
  /** Version of the loan's status, separate from the account's lifecycle version. */
  statusVersion: number;
  daysPastDue: number;
  /** Falls behind at its next due date and stays behind unless it cures. */
  troubled: boolean;
  /** Day offset on which the customer clears the arrears, if ever. */
  curesOnOffset: number | null;
  monthlyPayment: number;
  dueDay: number;
  /** Share of an instalment that repays principal (the rest is the bank's interest). */
  principalShare: number;
  creditLimit: number;
  /** Share of a card balance repaid each month. */
  repayShare: number;
};

type Account = {
  accountId: string;
  product: Product;
  currency: SimCurrency;
  openedOn: string;
  version: number;
  open: boolean;
  /** Minor units; for lending products the amount owed. */
  balance: number;
  lending?: Lending;
  termDeposit?: { maturesOn: number; months: number; annualRate: number };
  annualRate: number;
};

/** Who a simulated customer is: enough for a roster, and for later extensions that act on customers. */
export type SimulatedCustomer = {
  number: number;
  customerId: string;
  persona: Persona;
  region: RegionCode;
  homeCurrency: SimCurrency;
  /** Arrives during the run rather than being an existing customer loaded on its first day. */
  newcomer: boolean;
  /** Day (0-based, from the run's start) on which the customer's first event occurs. */
  arrivalOffset: number;
};

export type RunContext = { seed: string; runTag: string; startDay: number };

type Action = { at: number; run: (at: number) => void };

const LENDING_PRODUCTS: ReadonlySet<Product> = new Set<Product>(['CREDIT_CARD', 'PERSONAL_LOAN', 'MORTGAGE']);
const isLending = (p: Product): p is LendingProduct => LENDING_PRODUCTS.has(p);

/** Status for days past due; the bank moves a loan through these bands overnight. */
export function loanStatusFor(daysPastDue: number): LoanStatus {
  if (daysPastDue < 30) return 'CURRENT';
  if (daysPastDue < 60) return 'DELINQUENT_30';
  if (daysPastDue < 90) return 'DELINQUENT_60';
  if (daysPastDue < 120) return 'DELINQUENT_90_PLUS';
  if (daysPastDue < 180) return 'DEFAULT';
  return 'WRITTEN_OFF';
}

const PURCHASE_HOURS: readonly (readonly [number, number])[] = [
  [7, 2], [8, 4], [9, 3], [10, 3], [11, 5], [12, 8], [13, 6], [14, 4], [15, 4], [16, 4], [17, 6], [18, 9],
  [19, 9], [20, 7], [21, 5], [22, 2],
];

const BILL_MEDIAN_CNY: Record<Persona, number> = { WEALTHY: 900, YOUNG_GROWING: 300, COSTLY: 120, ORDINARY: 280 };
const TRANSFER_MEDIAN_CNY: Record<Persona, number> = { WEALTHY: 20_000, YOUNG_GROWING: 1_800, COSTLY: 300, ORDINARY: 1_500 };
const SWIFT_MEDIAN_CNY: Record<Persona, number> = { WEALTHY: 60_000, YOUNG_GROWING: 5_000, COSTLY: 3_000, ORDINARY: 8_000 };

export class CustomerSimulation {
  readonly customer: SimulatedCustomer;
  private readonly rng: Random;
  private readonly traits: PersonaTraits;
  private readonly region: Region;
  private readonly log: CustomerEventLog;
  private readonly accounts: Account[] = [];
  private profile!: CustomerProfile;
  private emailLocalPart = '';
  private age = 0;
  private salary: { amount: number; dayOfMonth: number } | null = null;
  private rent: { amount: number; dayOfMonth: number } | null = null;
  private cashAfterPaydayOn: number | null = null;
  /** The current-account balance the customer keeps; surplus above it is swept to savings. */
  private baseline = 0;

  constructor(
    private readonly run: RunContext,
    number: number,
    /** Newcomers arrive no later than this day offset, so that every customer of a run appears. */
    latestArrivalOffset: number,
  ) {
    this.rng = Random.from(run.seed, 'customer', number);
    const persona = this.rng.weighted(PERSONA_MIX);
    this.traits = PERSONA_TRAITS[persona];
    this.region = REGIONS[this.rng.chance(this.traits.ukShare) ? 'UK' : 'CN'];
    const newcomer = this.rng.chance(this.traits.newcomerShare);
    const plannedArrival = newcomer ? this.rng.int(1, 20) : 0;
    this.customer = {
      number,
      customerId: customerIdOf(number),
      persona,
      region: this.region.code,
      homeCurrency: this.region.homeCurrency,
      newcomer,
      arrivalOffset: Math.max(0, Math.min(plannedArrival, latestArrivalOffset)),
    };
    this.log = new CustomerEventLog(run.runTag, number, this.customer.customerId, this.region.timeZone);
  }

  /** The customer's events of day `offset` (0-based from the run's start), in the order they happened. */
  simulateDay(offset: number): TimedEvent[] {
    const day = this.run.startDay + offset;
    if (offset < this.customer.arrivalOffset) return [];
    if (offset === this.customer.arrivalOffset) {
      this.arrive(day);
      if (this.customer.newcomer) {
        this.endOfDay(day);
        return this.log.drain();
      }
    }
    const actions: Action[] = [];
    this.planOvernight(day, actions);
    this.planScheduled(day, offset, actions);
    this.planHabits(day, offset, actions);
    actions.sort((a, b) => a.at - b.at); // stable: same-second actions keep their planned order
    for (const action of actions) action.run(action.at);
    this.endOfDay(day);
    return this.log.drain();
  }

  // ---------------------------------------------------------------------------------------------
  // Arrival: the profile and the accounts held, as the CRM first hears of them.

  private arrive(day: number): void {
    const { rng, traits: t } = this;
    const newcomer = this.customer.newcomer;
    // Existing customers are loaded just after midnight of the first day; newcomers walk in or sign up.
    let at = newcomer ? rng.int(hours(9), hours(17)) : rng.int(60, hours(0, 50));

    this.age = rng.int(t.age[0], t.age[1]);
    const birthYear = Number(isoDate(day).slice(0, 4)) - this.age;
    const dateOfBirth = isoDate(dayNumber(`${birthYear}-01-01`) + rng.int(0, 364));
    const name = personName(rng, this.region.code, birthYear);
    this.emailLocalPart = name.emailLocalPart;
    const maxYears = Math.max(0, Math.min(t.yearsAsCustomer[1], this.age - 18));
    const years = rng.between(Math.min(t.yearsAsCustomer[0], maxYears), maxYears);
    let since = newcomer ? day : day - 1 - Math.round(years * 365);

    const home = this.region.homeCurrency;
    const salaryMinor = minorUnits(rng.logBetween(t.monthlySalaryCny[0], t.monthlySalaryCny[1]), home, home === 'CNY' ? 10_000 : 1_000);
    this.salary = {
      amount: salaryMinor,
      dayOfMonth: this.region.code === 'CN' ? rng.pick([5, 10, 15, 20, 25]) : rng.pick([25, 28, 31]),
    };
    const rentShare = this.customer.persona === 'WEALTHY' ? rng.between(0.1, 0.3) : rng.between(0.15, 0.35);
    this.rent = { amount: Math.round(salaryMinor * rentShare), dayOfMonth: rng.int(1, 5) };

    // Products held on arrival. Newcomers start simple: a current account, perhaps savings and a card.
    for (const product of Object.keys(t.holdings) as Product[]) {
      const holding = t.holdings[product];
      const holds = product === 'CURRENT_ACCOUNT' || rng.chance(holding.probability);
      if (!holds) continue;
      if (newcomer && !['CURRENT_ACCOUNT', 'SAVINGS', 'CREDIT_CARD'].includes(product)) continue;
      const balanceCny = rng.logBetween(Math.max(1, holding.balanceCny[0]), Math.max(2, holding.balanceCny[1]));
      const openedOn = newcomer ? day : product === 'CURRENT_ACCOUNT' ? since : rng.int(since, day - 1);
      const account = this.addAccount(product, home, openedOn);
      if (product === 'TERM_DEPOSIT') {
        const months = rng.pick([3, 6, 12, 24, 36]);
        const maturesOn = day + rng.int(1, months * 30);
        const opened = newcomer ? day : addMonths(maturesOn, -months);
        account.openedOn = isoDate(opened);
        since = Math.min(since, opened);
        account.termDeposit = { maturesOn, months, annualRate: rng.between(0.012, 0.03) };
      }
      if (isLending(product)) {
        account.lending = this.newLending(product, minorUnits(balanceCny, home), newcomer);
        account.balance = product === 'CREDIT_CARD' && newcomer ? 0 : Math.min(minorUnits(balanceCny, home), account.lending.creditLimit || Infinity);
      } else {
        account.balance = newcomer ? 0 : minorUnits(balanceCny, home);
        account.annualRate = product === 'SAVINGS' ? rng.between(0.002, this.region.code === 'UK' ? 0.035 : 0.012) : 0;
      }
    }
    if (rng.chance(t.usdAccountProbability) && !newcomer) {
      const product: Product = rng.chance(0.5) ? 'CURRENT_ACCOUNT' : 'SAVINGS';
      const range = t.holdings.SAVINGS.balanceCny;
      const account = this.addAccount(product, 'USD', rng.int(since, day - 1));
      account.balance = minorUnits(rng.logBetween(Math.max(1, range[0]), Math.max(2, range[1])) * 0.3, 'USD');
      account.annualRate = product === 'SAVINGS' ? 0.01 : 0;
    }
    this.baseline = Math.max(this.homeAccount().balance, 0);

    const vulnerable = rng.chance(this.age >= 75 ? Math.min(1, t.vulnerableShare * 3) : t.vulnerableShare);
    const withEmail = !(this.age > 70 && rng.chance(0.5));
    this.profile = {
      version: 1,
      fullName: name.fullName,
      dateOfBirth,
      ...(withEmail ? { email: `${name.emailLocalPart}${this.customer.number}@example.com` } : {}),
      phone: phoneNumber(rng, this.region.code),
      preferredLanguage: this.region.code === 'CN' && !rng.chance(0.05) ? 'zh' : 'en',
      homeBranchId: rng.pick(this.region.branches),
      incomeBand: rng.weighted(t.incomeBands),
      customerSince: isoDate(since),
      vulnerable,
    };

    this.log.emit('CustomerOnboarded', day, at, { profile: this.profile });
    const channel: Channel | undefined = newcomer ? (this.customer.persona === 'YOUNG_GROWING' && rng.chance(0.8) ? 'MOBILE' : 'BRANCH') : undefined;
    for (const account of this.accounts) {
      at += rng.int(1, 40);
      this.emitOpened(day, at, account, channel);
      if (account.lending) this.emitLoanStatus(day, at, account);
    }
    if (newcomer) {
      // The opening deposit arrives from the customer's old bank.
      const opening = minorUnits(rng.logBetween(Math.max(1, t.holdings.CURRENT_ACCOUNT.balanceCny[0]), t.holdings.CURRENT_ACCOUNT.balanceCny[1]), home);
      this.post(day, at + rng.int(60, 600), this.homeAccount(), 'TRANSFER', 'CREDIT', opening, channel ?? 'MOBILE', { network: this.domesticNetwork() });
      this.baseline = opening;
    }
  }

  private addAccount(product: Product, currency: SimCurrency, openedOnDay: number): Account {
    const account: Account = {
      accountId: `A-${String(this.customer.number).padStart(6, '0')}-${String(this.accounts.length + 1).padStart(2, '0')}`,
      product,
      currency,
      openedOn: isoDate(openedOnDay),
      version: 1,
      open: true,
      balance: 0,
      annualRate: 0,
    };
    this.accounts.push(account);
    return account;
  }

  private newLending(product: LendingProduct, owed: number, newcomer: boolean): Lending {
    const { rng, traits: t } = this;
    const troubled = rng.chance(t.troubledLendingShare);
    const daysPastDue = troubled && !newcomer ? rng.int(0, 150) : 0;
    const salary = this.salary?.amount ?? 0;
    const cap = (share: number) => (salary > 0 ? Math.round(salary * share) : Infinity);
    const monthlyPayment =
      product === 'PERSONAL_LOAN'
        ? Math.min(Math.round(owed / rng.int(12, 60)), cap(0.4))
        : product === 'MORTGAGE'
          ? Math.min(Math.round(owed / rng.int(180, 360)), cap(0.5))
          : 0;
    return {
      status: loanStatusFor(daysPastDue),
      statusVersion: 1,
      daysPastDue,
      troubled,
      curesOnOffset: troubled && daysPastDue < 120 && rng.chance(0.15) ? rng.int(2, 60) : null,
      monthlyPayment: Math.max(monthlyPayment, 1),
      dueDay: rng.int(1, 28),
      principalShare: product === 'MORTGAGE' ? 0.4 : product === 'PERSONAL_LOAN' ? 0.8 : 1,
      creditLimit: product === 'CREDIT_CARD' ? minorUnits(rng.logBetween(t.creditLimitCny[0], t.creditLimitCny[1]), this.region.homeCurrency, 100_000) : 0,
      repayShare: rng.between(t.cardRepayment[0], t.cardRepayment[1]),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // The day's plan: the overnight batch, what is due today, and what the customer happens to do.

  private planOvernight(day: number, actions: Action[]): void {
    for (const account of this.accounts) {
      const l = account.lending;
      if (!account.open || !l || l.daysPastDue === 0 || l.status === 'WRITTEN_OFF') continue;
      actions.push({ at: this.rng.int(hours(2), hours(2, 50)), run: (at) => this.ageArrears(day, at, account) });
    }
  }

  private planScheduled(day: number, offset: number, actions: Action[]): void {
    const { rng } = this;
    const dom = dayOfMonth(day);
    if (isLastDayOfMonth(day)) actions.push({ at: rng.int(hours(3), hours(3, 30)), run: (at) => this.monthEndInterest(day, at) });
    if (this.salary && this.isPayday(day, this.salary.dayOfMonth)) {
      const amount = this.salary.amount;
      actions.push({
        at: rng.int(hours(6), hours(9)),
        run: (at) => {
          this.post(day, at, this.homeAccount(), 'SALARY', 'CREDIT', amount, 'ONLINE', { network: this.domesticNetwork() });
          if (this.customer.persona === 'COSTLY') this.cashAfterPaydayOn = day + 1;
        },
      });
    }
    if (this.cashAfterPaydayOn === day) {
      actions.push({ at: this.branchTime(day) ?? rng.int(hours(8), hours(20)), run: (at) => this.cashAfterPayday(day, at) });
    }
    if (this.rent && dom === this.rent.dayOfMonth) {
      const amount = this.rent.amount;
      actions.push({ at: rng.int(hours(8), hours(21)), run: (at) => this.domesticTransfer(day, at, 'DEBIT', amount) });
    }
    for (const account of this.accounts) {
      const l = account.lending;
      if (account.open && l && l.dueDay === dom) actions.push({ at: rng.int(hours(6), hours(8)), run: (at) => this.instalmentDue(day, at, account) });
      if (account.open && l && l.curesOnOffset === offset) {
        actions.push({ at: this.branchTime(day) ?? rng.int(hours(10), hours(16)), run: (at) => this.cureArrears(day, at, account) });
      }
      if (account.open && account.termDeposit?.maturesOn === day) {
        actions.push({ at: rng.int(hours(8), hours(9)), run: (at) => this.termDepositMatures(day, at, account) });
      }
    }
    actions.push({ at: rng.int(hours(21), hours(22)), run: (at) => this.rebalance(day, at) });

    const h = this.traits.habits;
    const growth = this.activity(offset);
    for (let i = rng.poisson(h.profileUpdates / 30); i > 0; i--) actions.push({ at: rng.int(hours(8), hours(22)), run: (at) => this.updateProfile(day, at) });
    if (rng.chance((h.newProducts / 30) * growth)) actions.push({ at: this.branchTime(day) ?? rng.int(hours(8), hours(22)), run: (at) => this.openNewProduct(day, at) });
    if (rng.chance(h.accountClosures / 30)) actions.push({ at: this.branchTime(day) ?? rng.int(hours(9), hours(17)), run: (at) => this.closeAnAccount(day, at) });
  }

  private planHabits(day: number, offset: number, actions: Action[]): void {
    const { rng, traits: t } = this;
    const h = t.habits;
    const growth = this.activity(offset);
    const perDay = (monthly: number) => monthly / 30;
    const weekend = isWeekend(day);
    const add = (count: number, time: () => number | null, run: (at: number) => void) => {
      for (let i = 0; i < count; i++) {
        const at = time();
        if (at !== null) actions.push({ at, run });
      }
    };
    const anyTime = (from: number, to: number) => () => rng.int(hours(from), hours(to) - 1);
    const purchaseTime = () => rng.weighted(PURCHASE_HOURS) * 3600 + rng.int(0, 3599);
    const atBranch = () => this.branchTime(day);
    // Branches see fewer visitors at weekends; the weekday boost keeps the monthly average.
    const branchDay = weekend ? 0.5 : 1.2;

    add(rng.poisson(t.cardPurchasesPerDay * growth * (weekend ? 1.25 : 0.9)), purchaseTime, (at) => this.cardPurchase(day, at));
    add(rng.poisson(perDay(h.atmWithdrawals)), anyTime(7, 23), (at) => this.atmWithdrawal(day, at));
    add(rng.poisson(perDay(h.billPayments) * growth), anyTime(7, 23), (at) => this.billPayment(day, at));
    add(rng.poisson(perDay(h.domesticTransfers) * growth), anyTime(7, 23), (at) =>
      this.domesticTransfer(day, at, rng.chance(0.3) ? 'CREDIT' : 'DEBIT'),
    );
    add(rng.poisson(perDay(h.swiftTransfers)), anyTime(8, 20), (at) => this.swiftTransfer(day, at));
    add(rng.poisson(perDay(h.cashDeposits)), anyTime(8, 20), (at) => this.cashDeposit(day, at));
    add(rng.poisson(perDay(h.branchVisits) * branchDay), atBranch, (at) => this.branchVisit(day, at));
    add(rng.poisson(perDay(h.adviceSessions) * branchDay), atBranch, (at) =>
      this.interact(day, at, 'BRANCH', 'ADVICE_SESSION', true, rng.int(1800, 5400), 'WEALTH'),
    );
    add(rng.poisson(perDay(h.agentCalls)), anyTime(8, 21), (at) => this.interact(day, at, 'PHONE', 'CALL', true, rng.int(120, 1500), this.topic()));
    add(rng.poisson(perDay(h.ivrCalls)), anyTime(7, 23), (at) => this.interact(day, at, 'PHONE', 'CALL', false, rng.int(40, 300), this.topic()));
    add(rng.poisson(perDay(h.logins) * growth), anyTime(6, 24), (at) =>
      this.interact(day, at, rng.chance(this.customer.persona === 'COSTLY' ? 0.5 : 0.8) ? 'MOBILE' : 'ONLINE', 'LOGIN', false, rng.int(20, 900)),
    );
    add(rng.poisson(perDay(h.chats) * growth), anyTime(7, 23), (at) => this.interact(day, at, 'MOBILE', 'CHAT', rng.chance(0.5), rng.int(60, 1200), this.topic()));
    add(rng.poisson(perDay(h.secureMessages)), anyTime(7, 23), (at) => this.interact(day, at, 'ONLINE', 'SECURE_MESSAGE', true, undefined, this.topic()));
    add(rng.poisson(perDay(h.balanceEnquiries)), anyTime(7, 23), (at) => this.interact(day, at, 'ATM', 'ENQUIRY', false, rng.int(20, 90), 'ACCOUNTS'));
  }

  /** Activity relative to the first day: flat for most, rising for young customers. */
  private activity(offset: number): number {
    return Math.min(this.traits.activityCap, 1 + this.traits.activityGrowthPerDay * offset);
  }

  // ---------------------------------------------------------------------------------------------
  // What customers do.

  private cardPurchase(day: number, at: number): void {
    const { rng } = this;
    const merchant = pickMerchant(rng, this.traits.spending);
    const home = this.homeAccount();
    const amount = Math.max(minorUnits(rng.logNormal(merchant.medianCny, merchant.spread), home.currency), 100);
    const channel: Channel = merchant.online && rng.chance(0.6) ? 'ONLINE' : 'POS';
    const card = this.accounts.find(
      (a) => a.open && a.product === 'CREDIT_CARD' && a.lending!.daysPastDue < 30 && a.balance + amount <= a.lending!.creditLimit,
    );
    const prefersCard = card !== undefined && rng.chance(this.customer.persona === 'WEALTHY' ? 0.8 : 0.6);
    const account = prefersCard ? card : home.balance >= amount ? home : card;
    if (!account) return; // declined: nothing is posted
    this.post(day, at, account, 'CARD_PURCHASE', 'DEBIT', amount, channel, { merchantCategoryCode: merchant.mcc });
  }

  private atmWithdrawal(day: number, at: number): void {
    const home = this.homeAccount();
    const amount = this.cashAmount(this.rng.logNormal(home.currency === 'CNY' ? 800 : 700, 0.6));
    const fee = atmFee(this.rng, this.region.code);
    if (home.balance < amount + fee) return;
    this.post(day, at, home, 'CASH_WITHDRAWAL', 'DEBIT', amount, 'ATM', { fee });
  }

  /** Customers who live on cash take most of their pay out the day after payday, often at the counter. */
  private cashAfterPayday(day: number, at: number): void {
    const home = this.homeAccount();
    const reserve = this.accounts.reduce((sum, a) => sum + (a.open && a.lending && !a.lending.troubled ? a.lending.monthlyPayment : 0), 0);
    const amount = this.cashAmount(((home.balance - reserve) * this.rng.between(0.5, 0.8)) / this.minorPerCny(home.currency));
    if (amount <= 0 || home.balance < amount) return;
    const atBranch = this.branchOpen(day) && this.rng.chance(this.traits.branchShare);
    this.post(day, at, home, 'CASH_WITHDRAWAL', 'DEBIT', amount, atBranch ? 'BRANCH' : 'ATM', atBranch ? {} : { fee: atmFee(this.rng, this.region.code) });
  }

  private cashDeposit(day: number, at: number): void {
    const home = this.homeAccount();
    const amount = this.cashAmount(this.rng.logNormal(1_000, 0.7));
    const atBranch = this.branchOpen(day) && this.rng.chance(Math.max(this.traits.branchShare, 0.3));
    this.post(day, atBranch ? (this.branchTime(day) ?? at) : at, home, 'CASH_DEPOSIT', 'CREDIT', amount, atBranch ? 'BRANCH' : 'SELF_SERVICE');
  }

  private billPayment(day: number, at: number): void {
    const home = this.homeAccount();
    const amount = Math.max(100, minorUnits(this.rng.logNormal(BILL_MEDIAN_CNY[this.customer.persona], 0.6), home.currency));
    if (home.balance < amount) return;
    this.post(day, at, home, 'BILL_PAYMENT', 'DEBIT', amount, this.rng.chance(0.65) ? 'MOBILE' : 'ONLINE');
  }

  /** CNAPS in China; in the UK, domestic payments clear through BACS, the UK's ACH. */
  private domesticTransfer(day: number, at: number, direction: Direction, fixedAmount?: number): void {
    const home = this.homeAccount();
    const amount = fixedAmount ?? Math.max(100, minorUnits(this.rng.logNormal(TRANSFER_MEDIAN_CNY[this.customer.persona], 0.9), home.currency));
    const channel = direction === 'CREDIT' ? 'ONLINE' : this.paymentChannel(day);
    const fee = direction === 'DEBIT' ? domesticTransferFee(this.region.code, channel, amount) : 0;
    if (direction === 'DEBIT' && home.balance < amount + fee) return;
    this.post(day, channel === 'BRANCH' ? (this.branchTime(day) ?? at) : at, home, 'TRANSFER', direction, amount, channel, {
      network: this.domesticNetwork(),
      fee,
    });
  }

  private swiftTransfer(day: number, at: number): void {
    const { rng } = this;
    const usd = this.accounts.find((a) => a.open && a.currency === 'USD');
    const account = usd && rng.chance(0.5) ? usd : this.homeAccount();
    const direction: Direction = rng.chance(0.3) ? 'CREDIT' : 'DEBIT';
    const amount = Math.max(10_000, minorUnits(rng.logNormal(SWIFT_MEDIAN_CNY[this.customer.persona], 0.8), account.currency, 100));
    const channel = direction === 'CREDIT' ? 'ONLINE' : this.paymentChannel(day);
    const fee = swiftFee(account.currency, amount, direction);
    if (direction === 'DEBIT' && account.balance < amount + fee) return;
    this.post(day, channel === 'BRANCH' ? (this.branchTime(day) ?? at) : at, account, 'TRANSFER', direction, amount, channel, { network: 'SWIFT', fee });
  }

  /** A visit to the counter; often with a teller transaction. */
  private branchVisit(day: number, at: number): void {
    const { rng } = this;
    const topic = this.topic();
    this.interact(day, at, 'BRANCH', 'BRANCH_VISIT', true, rng.int(300, 2400), topic);
    if (!rng.chance(this.customer.persona === 'COSTLY' ? 0.6 : 0.3)) return;
    const home = this.homeAccount();
    const later = Math.min(at + rng.int(120, 900), hours(23, 58));
    if (rng.chance(0.5)) {
      const amount = this.cashAmount(rng.logNormal(600, 0.6));
      if (home.balance >= amount) this.post(day, later, home, 'CASH_WITHDRAWAL', 'DEBIT', amount, 'BRANCH');
    } else {
      this.post(day, later, home, 'CASH_DEPOSIT', 'CREDIT', this.cashAmount(rng.logNormal(500, 0.6)), 'BRANCH');
    }
  }

  private interact(
    day: number,
    at: number,
    channel: Channel,
    interactionType: ChannelInteraction['interactionType'],
    agentAssisted: boolean,
    durationSeconds?: number,
    topic?: Topic,
  ): void {
    this.log.emit('ChannelInteraction', day, at, {
      channel,
      interactionType,
      agentAssisted,
      ...(durationSeconds === undefined ? {} : { durationSeconds }),
      ...(topic === undefined ? {} : { topic }),
    });
  }

  private topic(): Topic {
    const behind = this.accounts.some((a) => a.open && a.lending && a.lending.daysPastDue >= 30);
    const persona = this.customer.persona;
    return this.rng.weighted<Topic>([
      ['ACCOUNTS', 0.3],
      ['CARDS', 0.18],
      ['PAYMENTS', 0.18],
      ['LENDING', behind ? 0.5 : 0.07],
      ['WEALTH', persona === 'WEALTHY' ? 0.3 : 0.03],
      ['DIGITAL', persona === 'YOUNG_GROWING' ? 0.2 : 0.08],
      ['COMPLAINT', persona === 'COSTLY' || behind ? 0.08 : 0.03],
      ['OTHER', 0.06],
    ]);
  }

  private updateProfile(day: number, at: number): void {
    const { rng } = this;
    const p: CustomerProfile = { ...this.profile, version: this.profile.version + 1 };
    const bands = ['LOW', 'MIDDLE', 'HIGH', 'VERY_HIGH'] as const;
    const change = rng.weighted([
      ['phone', 0.3],
      ['email', 0.25],
      ['branch', 0.15],
      ['income', this.customer.persona === 'YOUNG_GROWING' ? 0.5 : 0.15],
      ['language', this.region.code === 'CN' ? 0.05 : 0],
      ['vulnerable', this.age >= 70 && !p.vulnerable ? 0.3 : 0],
    ] as const);
    const band = bands.indexOf(p.incomeBand);
    if (change === 'income' && band < bands.length - 1) p.incomeBand = bands[band + 1]!;
    else if (change === 'email') p.email = `${this.emailLocalPart}${this.customer.number}.${p.version}@example.com`;
    else if (change === 'branch') p.homeBranchId = rng.pick(this.region.branches);
    else if (change === 'language') p.preferredLanguage = p.preferredLanguage === 'zh' ? 'en' : 'zh';
    else if (change === 'vulnerable') p.vulnerable = true;
    else p.phone = phoneNumber(rng, this.region.code);
    this.profile = p;
    this.log.emit('CustomerProfileUpdated', day, at, { profile: p });
  }

  private openNewProduct(day: number, at: number): void {
    const { rng } = this;
    const held = new Set(this.accounts.filter((a) => a.open && a.currency === this.region.homeCurrency).map((a) => a.product));
    const choices = (
      [
        ['SAVINGS', 0.35],
        ['CREDIT_CARD', 0.35],
        ['WEALTH', 0.2],
        ['TERM_DEPOSIT', 0.1],
      ] as const
    ).filter(([p]) => !held.has(p));
    if (choices.length === 0) return;
    const product: Product = rng.weighted(choices);
    const mobileFirst = this.customer.persona === 'YOUNG_GROWING' ? 0.85 : 0.4;
    const branchOpen = this.branchOpen(day) && at >= hours(9) && at <= hours(16);
    const channel: Channel = !branchOpen || rng.chance(mobileFirst) ? (rng.chance(0.8) ? 'MOBILE' : 'ONLINE') : 'BRANCH';
    if (product === 'WEALTH' && channel === 'BRANCH') this.interact(day, at, 'BRANCH', 'ADVICE_SESSION', true, rng.int(1800, 3600), 'WEALTH');
    const account = this.addAccount(product, this.region.homeCurrency, day);
    at += 60;
    if (product === 'CREDIT_CARD') {
      account.lending = { ...this.newLending('CREDIT_CARD', 0, true), troubled: false, curesOnOffset: null };
      this.emitOpened(day, at, account, channel);
      this.emitLoanStatus(day, at, account);
      return;
    }
    account.annualRate = product === 'SAVINGS' ? rng.between(0.002, this.region.code === 'UK' ? 0.035 : 0.012) : 0;
    if (product === 'TERM_DEPOSIT') {
      const months = rng.pick([3, 6, 12]);
      account.termDeposit = { maturesOn: addMonths(day, months), months, annualRate: rng.between(0.012, 0.03) };
    }
    this.emitOpened(day, at, account, channel);
    const home = this.homeAccount();
    const funding = Math.round(Math.max(0, home.balance) * rng.between(0.2, 0.5));
    if (funding > 0) this.internalTransfer(day, at + 30, home, account, funding, channel);
  }

  private closeAnAccount(day: number, at: number): void {
    const candidates = this.accounts.filter(
      (a) => a.open && (a.product === 'SAVINGS' || a.product === 'WEALTH') && a.currency === this.region.homeCurrency,
    );
    if (candidates.length === 0) return;
    const account = this.rng.pick(candidates);
    if (this.branchOpen(day) && this.rng.chance(0.5)) this.interact(day, at, 'BRANCH', 'BRANCH_VISIT', true, this.rng.int(600, 1800), 'ACCOUNTS');
    if (account.balance > 0) this.internalTransfer(day, at + 60, account, this.homeAccount(), account.balance, 'BRANCH');
    this.closeAccount(day, at + 61, account);
  }

  // ---------------------------------------------------------------------------------------------
  // Scheduled work of the bank: instalments, arrears, maturities, interest, sweeps.

  private instalmentDue(day: number, at: number, account: Account): void {
    const l = account.lending!;
    if (!account.open || l.daysPastDue > 0 || account.balance <= 0) return;
    if (l.troubled) {
      l.daysPastDue = 1; // missed; the overnight run counts from here
      return;
    }
    const home = this.homeAccount();
    let payment: number;
    let principal: number;
    if (account.product === 'CREDIT_CARD') {
      payment = Math.min(account.balance, Math.max(Math.round(account.balance * l.repayShare), Math.round(account.balance * 0.1), 1));
      principal = payment;
    } else if (account.balance <= Math.round(l.monthlyPayment * l.principalShare)) {
      payment = account.balance; // the final instalment
      principal = payment;
    } else {
      payment = l.monthlyPayment;
      principal = Math.round(payment * l.principalShare);
    }
    // Direct debits are honoured into an arranged overdraft rather than bounced.
    this.post(day, at, home, 'LOAN_REPAYMENT', 'DEBIT', payment, 'ONLINE');
    this.post(day, at, account, 'LOAN_REPAYMENT', 'CREDIT', payment, 'ONLINE', { balanceDelta: -principal });
    if (account.product !== 'CREDIT_CARD' && account.balance <= 0) {
      account.balance = 0;
      this.setLoanStatus(day, at + 1, account, 'REPAID');
      this.closeAccount(day, at + 2, account);
    }
  }

  /** The overnight run: one more day past due, and a new status when a band is crossed. */
  private ageArrears(day: number, at: number, account: Account): void {
    const l = account.lending!;
    if (!account.open || l.daysPastDue === 0 || l.status === 'WRITTEN_OFF') return;
    l.daysPastDue += 1;
    const status = loanStatusFor(l.daysPastDue);
    if (status === l.status) return;
    this.setLoanStatus(day, at, account, status);
    if (status === 'DELINQUENT_30') {
      const fee = minorUnits(LATE_PAYMENT_FEE_CNY, account.currency, 100);
      this.post(day, at + 1, account, 'FEE', 'DEBIT', fee, 'ONLINE', { fee });
    }
    if (status === 'WRITTEN_OFF') this.closeAccount(day, at + 2, account);
  }

  /** The customer brings cash to clear the arrears, and the loan is current again. */
  private cureArrears(day: number, at: number, account: Account): void {
    const l = account.lending!;
    if (!account.open || l.daysPastDue === 0 || l.daysPastDue >= 120) return;
    const arrears = Math.min(
      account.balance,
      account.product === 'CREDIT_CARD' ? Math.max(Math.round(account.balance * 0.2), 1) : l.monthlyPayment * Math.ceil(l.daysPastDue / 30),
    );
    const channel: Channel = this.branchOpen(day) ? 'BRANCH' : 'SELF_SERVICE';
    const home = this.homeAccount();
    if (arrears > 0) {
      this.post(day, at, home, 'CASH_DEPOSIT', 'CREDIT', arrears, channel);
      this.post(day, at + 1, home, 'LOAN_REPAYMENT', 'DEBIT', arrears, channel);
      this.post(day, at + 1, account, 'LOAN_REPAYMENT', 'CREDIT', arrears, channel, {
        balanceDelta: -Math.round(arrears * l.principalShare),
      });
    }
    l.daysPastDue = 0;
    l.troubled = false;
    if (l.status !== 'CURRENT') this.setLoanStatus(day, at + 2, account, 'CURRENT');
  }

  private termDepositMatures(day: number, at: number, account: Account): void {
    const { rng } = this;
    const td = account.termDeposit!;
    if (!account.open) return;
    const interest = Math.round((account.balance * td.annualRate * td.months) / 12);
    if (interest > 0) this.post(day, at, account, 'INTEREST', 'CREDIT', interest, 'ONLINE');
    const rollsOver = rng.chance(this.customer.persona === 'WEALTHY' ? 0.7 : 0.4);
    let destination = this.homeAccount();
    if (rollsOver) {
      destination = this.addAccount('TERM_DEPOSIT', account.currency, day);
      const months = rng.pick([3, 6, 12, 24, 36]);
      destination.termDeposit = { maturesOn: addMonths(day, months), months, annualRate: rng.between(0.012, 0.03) };
      this.emitOpened(day, at + 1, destination, 'ONLINE');
    }
    if (account.balance > 0) this.internalTransfer(day, at + 2, account, destination, account.balance, 'ONLINE');
    this.closeAccount(day, at + 3, account);
  }

  private monthEndInterest(day: number, at: number): void {
    for (const account of this.accounts) {
      if (!account.open) continue;
      if (account.product === 'SAVINGS' && account.balance > 0) {
        const interest = Math.round((account.balance * account.annualRate) / 12);
        if (interest > 0) this.post(day, at, account, 'INTEREST', 'CREDIT', interest, 'ONLINE');
      }
      const l = account.lending;
      if (account.product === 'CREDIT_CARD' && l && account.balance > 0 && l.repayShare < 0.99 && l.daysPastDue < 90) {
        // Interest on a revolving card balance: the customer's cost, the bank's margin.
        const interest = Math.round((account.balance * 0.18) / 12);
        if (interest > 0) this.post(day, at, account, 'INTEREST', 'DEBIT', interest, 'ONLINE');
      }
    }
  }

  /** Evening housekeeping: cover an overdraft from savings; sweep a surplus into savings on the 28th. */
  private rebalance(day: number, at: number): void {
    const home = this.homeAccount();
    const savings = this.accounts.find((a) => a.open && a.product === 'SAVINGS' && a.currency === home.currency);
    if (home.balance < 0 && savings && savings.balance > 0) {
      this.internalTransfer(day, at, savings, home, Math.min(savings.balance, -home.balance + Math.round(this.baseline / 2)), 'ONLINE');
      return;
    }
    if (dayOfMonth(day) !== 28) return;
    const keeps = this.customer.persona === 'YOUNG_GROWING' ? 3 : 1.5;
    if (home.balance <= this.baseline * keeps || this.baseline <= 0) return;
    const wealth = this.accounts.find((a) => a.open && a.product === 'WEALTH' && a.currency === home.currency);
    const destination = (this.customer.persona === 'WEALTHY' ? wealth : undefined) ?? savings ?? wealth;
    if (destination) this.internalTransfer(day, at, home, destination, home.balance - this.baseline, 'MOBILE');
  }

  private endOfDay(day: number): void {
    const eod = hours(23, 59, 59);
    for (const account of this.accounts) {
      if (!account.open) continue;
      if (account.product === 'WEALTH') {
        // Funds are marked to market daily.
        account.balance = Math.max(0, Math.round(account.balance * Math.exp(0.0001 + 0.007 * this.rng.gaussian())));
      }
      this.log.emit('BalanceSnapshot', day, eod, {
        accountId: account.accountId,
        product: account.product,
        asOf: isoDate(day),
        balance: { minor: isLending(account.product) ? Math.max(0, account.balance) : account.balance, currency: account.currency },
      });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Posting and lifecycle events.

  /**
   * Posts a transaction and moves the balance. A fee is charged on top of the amount (debited from the
   * same account). A FEE transaction's amount is the fee itself and is also given as `fee`, so that fee
   * income is always the sum of `fee` fields.
   */
  private post(
    day: number,
    at: number,
    account: Account,
    kind: Kind,
    direction: Direction,
    amount: number,
    channel: Channel,
    extra: { fee?: number; network?: Network; merchantCategoryCode?: string; balanceDelta?: number } = {},
  ): void {
    const fee = extra.fee ?? 0;
    const lending = isLending(account.product);
    const signed = (direction === 'CREDIT') !== lending ? amount : -amount;
    const feeEffect = kind === 'FEE' ? 0 : lending ? fee : -fee;
    account.balance += (extra.balanceDelta ?? signed) + feeEffect;
    const money = (minor: number) => ({ minor, currency: account.currency });
    this.log.emit('TransactionPosted', day, at, {
      accountId: account.accountId,
      channel,
      kind,
      direction,
      amount: money(amount),
      ...(fee > 0 ? { fee: money(fee) } : {}),
      ...(extra.network ? { network: extra.network } : {}),
      ...(extra.merchantCategoryCode ? { merchantCategoryCode: extra.merchantCategoryCode } : {}),
    });
  }

  private internalTransfer(day: number, at: number, from: Account, to: Account, amount: number, channel: Channel): void {
    if (amount <= 0) return;
    this.post(day, at, from, 'TRANSFER', 'DEBIT', amount, channel, { network: 'INTERNAL' });
    this.post(day, at, to, 'TRANSFER', 'CREDIT', amount, channel, { network: 'INTERNAL' });
  }

  private setLoanStatus(day: number, at: number, account: Account, status: LoanStatus): void {
    const l = account.lending!;
    l.status = status;
    l.statusVersion += 1;
    this.emitLoanStatus(day, at, account);
  }

  private emitLoanStatus(day: number, at: number, account: Account): void {
    const l = account.lending!;
    this.log.emit('LoanStatusChanged', day, at, {
      accountId: account.accountId,
      product: account.product as LendingProduct,
      version: l.statusVersion,
      status: l.status,
      daysPastDue: l.daysPastDue,
      outstanding: { minor: Math.max(0, account.balance), currency: account.currency },
    });
  }

  private emitOpened(day: number, at: number, account: Account, channel: Channel | undefined): void {
    this.log.emit('AccountOpened', day, at, {
      accountId: account.accountId,
      version: account.version,
      product: account.product,
      currency: account.currency,
      openedOn: account.openedOn,
      ...(channel ? { channel } : {}),
    });
  }

  private closeAccount(day: number, at: number, account: Account): void {
    account.open = false;
    account.version += 1;
    this.log.emit('AccountClosed', day, at, {
      accountId: account.accountId,
      version: account.version,
      product: account.product,
      currency: account.currency,
      openedOn: account.openedOn,
      closedOn: isoDate(day),
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Small helpers.

  /** The customer's first current account in the home currency: never closed in a simulation. */
  private homeAccount(): Account {
    return this.accounts[0]!;
  }

  private domesticNetwork(): Network {
    return this.region.code === 'CN' ? 'CNAPS' : 'ACH';
  }

  private minorPerCny(currency: SimCurrency): number {
    return minorUnits(1_000_000, currency) / 1_000_000;
  }

  /** Cash comes in notes: multiples of 100 CNY, or of 10 GBP/USD. */
  private cashAmount(cny: number): number {
    const step = this.region.homeCurrency === 'CNY' ? 10_000 : 1_000;
    return Math.max(step, minorUnits(cny, this.region.homeCurrency, step));
  }

  /** Salaries fall on a fixed day; in the UK, on the last working day on or before it. */
  private isPayday(day: number, dayOfMonthWanted: number): boolean {
    const dom = dayOfMonth(day);
    if (this.region.code === 'CN') return dom === dayOfMonthWanted || (dom < dayOfMonthWanted && isLastDayOfMonth(day));
    if (isWeekend(day) || dom > dayOfMonthWanted) return false;
    // The wanted day, clamped to the month's end, then moved back over a weekend: is that today?
    let payday = day;
    while (!isLastDayOfMonth(payday) && dayOfMonth(payday) < dayOfMonthWanted) payday += 1;
    while (isWeekend(payday)) payday -= 1;
    return payday === day;
  }

  private branchOpen(day: number): boolean {
    return !(this.region.code === 'UK' && weekday(day) === 0);
  }

  /** A time within branch opening hours, or null when the branch is closed that day. */
  private branchTime(day: number): number | null {
    if (!this.branchOpen(day)) return null;
    const saturday = weekday(day) === 6;
    if (this.region.code === 'UK') return saturday ? this.rng.int(hours(9), hours(12, 45)) : this.rng.int(hours(9, 30), hours(16, 15));
    return isWeekend(day) ? this.rng.int(hours(9), hours(15, 45)) : this.rng.int(hours(9), hours(16, 45));
  }

  private paymentChannel(day: number): Channel {
    if (this.branchOpen(day) && this.rng.chance(this.traits.branchShare)) return 'BRANCH';
    return this.rng.chance(0.7) ? 'MOBILE' : 'ONLINE';
  }
}
