// Kinds of customer the simulator draws from. Each persona is shaped so that, once contribution is
// computed (MISSION.md: margin on balances + fees − cost to serve − credit losses), it tends to land in
// one value segment — but personas are not segments: the segment is computed from behaviour, and some
// customers of every persona land elsewhere, as real ones do.
import type { Product } from '../../shared/contracts/primitives';
import type { SpendingStyle } from './merchants';

export const PERSONAS = ['WEALTHY', 'YOUNG_GROWING', 'COSTLY', 'ORDINARY'] as const;
export type Persona = (typeof PERSONAS)[number];

export type Range = readonly [min: number, max: number];
type IncomeBand = 'LOW' | 'MIDDLE' | 'HIGH' | 'VERY_HIGH';

/** How likely a persona holds a product on arrival, and its balance (CNY; for lending, the amount owed). */
export type Holding = { probability: number; balanceCny: Range };

/** Expected counts per 30 days; the simulator draws each day's count around them. */
export type MonthlyHabits = {
  atmWithdrawals: number;
  billPayments: number;
  domesticTransfers: number;
  swiftTransfers: number;
  branchVisits: number;
  agentCalls: number;
  ivrCalls: number;
  logins: number;
  chats: number;
  secureMessages: number;
  adviceSessions: number;
  cashDeposits: number;
  balanceEnquiries: number;
  profileUpdates: number;
  newProducts: number;
  accountClosures: number;
};

export type PersonaTraits = {
  /** Share of customers drawn with this persona. */
  share: number;
  /** The segment this persona is meant to feed (a design intent, never sent on the bus). */
  aimsAt: 'MVC' | 'MGC' | 'BZ' | 'STANDARD';
  age: Range;
  incomeBands: readonly (readonly [IncomeBand, number])[];
  ukShare: number;
  yearsAsCustomer: Range;
  /** Share who arrive during the simulated period rather than before it. */
  newcomerShare: number;
  monthlySalaryCny: Range;
  holdings: Record<Product, Holding>;
  usdAccountProbability: number;
  creditLimitCny: Range;
  spending: SpendingStyle;
  cardPurchasesPerDay: number;
  /** Activity rises by this fraction of its first-day level every day, up to `activityCap` times. */
  activityGrowthPerDay: number;
  activityCap: number;
  habits: MonthlyHabits;
  /** Share of transfers and cash done with a teller rather than on an app. */
  branchShare: number;
  /** Share of loans and cards that fall behind on payments. */
  troubledLendingShare: number;
  /** Share of a card balance repaid each month (1 = in full). */
  cardRepayment: Range;
  vulnerableShare: number;
};

const none: Holding = { probability: 0, balanceCny: [0, 0] };

export const PERSONA_TRAITS: Record<Persona, PersonaTraits> = {
  // Large deposits, term deposits and wealth holdings: margin on balances dwarfs cost to serve.
  WEALTHY: {
    share: 0.1,
    aimsAt: 'MVC',
    age: [40, 72],
    incomeBands: [['VERY_HIGH', 0.6], ['HIGH', 0.4]],
    ukShare: 0.3,
    yearsAsCustomer: [3, 25],
    newcomerShare: 0.02,
    monthlySalaryCny: [50_000, 200_000],
    holdings: {
      CURRENT_ACCOUNT: { probability: 1, balanceCny: [80_000, 600_000] },
      SAVINGS: { probability: 0.8, balanceCny: [150_000, 1_500_000] },
      TERM_DEPOSIT: { probability: 0.85, balanceCny: [400_000, 4_000_000] },
      CREDIT_CARD: { probability: 0.8, balanceCny: [5_000, 60_000] },
      PERSONAL_LOAN: { probability: 0.02, balanceCny: [100_000, 500_000] },
      MORTGAGE: { probability: 0.35, balanceCny: [1_000_000, 6_000_000] },
      WEALTH: { probability: 0.85, balanceCny: [800_000, 8_000_000] },
    },
    usdAccountProbability: 0.35,
    creditLimitCny: [100_000, 300_000],
    spending: 'premium',
    cardPurchasesPerDay: 1.6,
    activityGrowthPerDay: 0,
    activityCap: 1,
    habits: {
      atmWithdrawals: 1, billPayments: 5, domesticTransfers: 4, swiftTransfers: 1.5, branchVisits: 0.5,
      agentCalls: 0.5, ivrCalls: 0.3, logins: 10, chats: 0.3, secureMessages: 1, adviceSessions: 0.8,
      cashDeposits: 0.1, balanceEnquiries: 0.1, profileUpdates: 0.04, newProducts: 0.05, accountClosures: 0.02,
    },
    branchShare: 0.15,
    troubledLendingShare: 0.01,
    cardRepayment: [1, 1],
    vulnerableShare: 0.01,
  },
  // Young earners, high income, few products (under-penetrated), activity and balances rising.
  YOUNG_GROWING: {
    share: 0.2,
    aimsAt: 'MGC',
    age: [22, 32],
    incomeBands: [['HIGH', 0.6], ['MIDDLE', 0.4]],
    ukShare: 0.25,
    yearsAsCustomer: [0, 4],
    newcomerShare: 0.3,
    monthlySalaryCny: [12_000, 35_000],
    holdings: {
      CURRENT_ACCOUNT: { probability: 1, balanceCny: [8_000, 60_000] },
      SAVINGS: { probability: 0.25, balanceCny: [5_000, 40_000] },
      TERM_DEPOSIT: { probability: 0.03, balanceCny: [20_000, 100_000] },
      CREDIT_CARD: { probability: 0.35, balanceCny: [1_000, 12_000] },
      PERSONAL_LOAN: { probability: 0.06, balanceCny: [20_000, 80_000] },
      MORTGAGE: { probability: 0.02, balanceCny: [800_000, 2_500_000] },
      WEALTH: { probability: 0.05, balanceCny: [10_000, 60_000] },
    },
    usdAccountProbability: 0.03,
    creditLimitCny: [10_000, 40_000],
    spending: 'comfortable',
    cardPurchasesPerDay: 1.3,
    activityGrowthPerDay: 0.03,
    activityCap: 2.5,
    habits: {
      atmWithdrawals: 0.5, billPayments: 4, domesticTransfers: 3, swiftTransfers: 0.15, branchVisits: 0.1,
      agentCalls: 0.2, ivrCalls: 0.1, logins: 18, chats: 1, secureMessages: 0.1, adviceSessions: 0.05,
      cashDeposits: 0, balanceEnquiries: 0, profileUpdates: 0.1, newProducts: 0.35, accountClosures: 0.01,
    },
    branchShare: 0.03,
    troubledLendingShare: 0.03,
    cardRepayment: [0.6, 1],
    vulnerableShare: 0.01,
  },
  // Low balances, cash and tellers, call-centre agents, loans that fall behind: they cost more than they earn.
  COSTLY: {
    share: 0.15,
    aimsAt: 'BZ',
    age: [24, 86],
    incomeBands: [['LOW', 0.85], ['MIDDLE', 0.15]],
    ukShare: 0.25,
    yearsAsCustomer: [2, 20],
    newcomerShare: 0.02,
    monthlySalaryCny: [2_500, 5_000],
    holdings: {
      CURRENT_ACCOUNT: { probability: 1, balanceCny: [100, 1_500] },
      SAVINGS: { probability: 0.25, balanceCny: [50, 1_500] },
      TERM_DEPOSIT: none,
      CREDIT_CARD: { probability: 0.2, balanceCny: [500, 4_000] },
      PERSONAL_LOAN: { probability: 0.35, balanceCny: [8_000, 40_000] },
      MORTGAGE: none,
      WEALTH: none,
    },
    usdAccountProbability: 0,
    creditLimitCny: [3_000, 10_000],
    spending: 'thrifty',
    cardPurchasesPerDay: 0.5,
    activityGrowthPerDay: 0,
    activityCap: 1,
    habits: {
      atmWithdrawals: 6, billPayments: 3, domesticTransfers: 1.5, swiftTransfers: 0, branchVisits: 5,
      agentCalls: 4, ivrCalls: 2, logins: 1, chats: 0.2, secureMessages: 0, adviceSessions: 0,
      cashDeposits: 1.5, balanceEnquiries: 1, profileUpdates: 0.05, newProducts: 0.01, accountClosures: 0.02,
    },
    branchShare: 0.6,
    troubledLendingShare: 0.7,
    cardRepayment: [0.1, 0.3],
    vulnerableShare: 0.12,
  },
  // Everyone else: a salary, a card, some savings, now and then a loan or a mortgage.
  ORDINARY: {
    share: 0.55,
    aimsAt: 'STANDARD',
    age: [25, 68],
    incomeBands: [['MIDDLE', 0.65], ['LOW', 0.27], ['HIGH', 0.08]],
    ukShare: 0.25,
    yearsAsCustomer: [1, 25],
    newcomerShare: 0.05,
    monthlySalaryCny: [5_000, 16_000],
    holdings: {
      CURRENT_ACCOUNT: { probability: 1, balanceCny: [4_000, 40_000] },
      SAVINGS: { probability: 0.6, balanceCny: [8_000, 150_000] },
      TERM_DEPOSIT: { probability: 0.2, balanceCny: [20_000, 250_000] },
      CREDIT_CARD: { probability: 0.55, balanceCny: [500, 15_000] },
      PERSONAL_LOAN: { probability: 0.1, balanceCny: [15_000, 120_000] },
      MORTGAGE: { probability: 0.12, balanceCny: [300_000, 1_500_000] },
      WEALTH: { probability: 0.07, balanceCny: [30_000, 300_000] },
    },
    usdAccountProbability: 0.04,
    creditLimitCny: [10_000, 50_000],
    spending: 'everyday',
    cardPurchasesPerDay: 1.1,
    activityGrowthPerDay: 0,
    activityCap: 1,
    habits: {
      atmWithdrawals: 2, billPayments: 4, domesticTransfers: 2.5, swiftTransfers: 0.08, branchVisits: 0.4,
      agentCalls: 0.5, ivrCalls: 0.5, logins: 9, chats: 0.3, secureMessages: 0.2, adviceSessions: 0.05,
      cashDeposits: 0.2, balanceEnquiries: 0.2, profileUpdates: 0.05, newProducts: 0.04, accountClosures: 0.03,
    },
    branchShare: 0.08,
    troubledLendingShare: 0.04,
    cardRepayment: [0.5, 1],
    vulnerableShare: 0.03,
  },
};

export const PERSONA_MIX = PERSONAS.map((p) => [p, PERSONA_TRAITS[p].share] as const);
