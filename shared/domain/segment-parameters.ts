// Every figure the contribution formula, the segment rules and the service levels depend on, with the
// documented defaults (MISSION.md: Contribution, Segments, Differentiated service). Stages override
// them; the admin endpoint validates an edit with the same schema, so a bad value is refused with its
// field and reason instead of silently changing every customer's segment.
//
// Units: rates in basis points (200 = 2.00 %), so that no binary fraction enters the arithmetic; money
// in integer minor units of the reporting currency.
import * as z from 'zod/mini';
// From their own modules, not the events index: a function that reads segment parameters (the complaint
// router) need not bundle every event contract.
import { LOAN_STATUSES } from '../contracts/events/accounts';
import { INCOME_BANDS } from '../contracts/events/customer';
import { PRODUCTS } from '../contracts/primitives';
import { fieldIssues, type FieldIssue } from '../contracts/validation-issues';
import { CurrencyTable } from './currency';
import { isTimeZone } from './segmentation/reporting-calendar';
import { err, ok, type Result } from './segmentation/result';

export const SEGMENTS = ['MVC', 'MGC', 'STANDARD', 'BZ'] as const;
export type Segment = (typeof SEGMENTS)[number];

/**
 * What a contact costs the bank, by who or what served it. A channel alone does not say it: a phone
 * call answered by the IVR and one answered by an agent differ threefold.
 */
export const COST_CLASSES = [
  'MOBILE',
  'ONLINE',
  'ATM',
  'POS',
  'SELF_SERVICE',
  'PHONE_IVR',
  'CALL_CENTRE_AGENT',
  'BRANCH_TELLER',
] as const;
export type CostClass = (typeof COST_CLASSES)[number];

const basisPoints = z.number().check(z.int(), z.minimum(-10_000), z.maximum(10_000));
const minorUnits = z.number().check(z.int(), z.nonnegative(), z.refine(Number.isSafeInteger, 'out of range'));

export const ContributionParameters = z.object({
  /** Annual net margin (FTP spread) per product. */
  netInterestMarginBps: z.record(z.enum(PRODUCTS), basisPoints),
  /** Cost of one transaction or interaction, by cost class. */
  unitCostMinor: z.record(z.enum(COST_CLASSES), minorUnits),
  /** Fixed monthly cost of keeping an account open (statements, systems, compliance). */
  servicingCostPerOpenAccountMinor: minorUnits,
  /** Provision held against a loan's outstanding amount, by its status. */
  provisionRateBps: z.record(z.enum(LOAN_STATUSES), z.number().check(z.int(), z.minimum(0), z.maximum(10_000))),
});
export type ContributionParameters = z.infer<typeof ContributionParameters>;

export const SegmentationRules = z.object({
  mvc: z.object({
    /** Percentile of positive trailing contributions that sets the MVC threshold at recalibration. */
    percentile: z.number().check(z.minimum(0), z.maximum(100)),
    /** The threshold never falls below this, whatever the percentile says (a small or poor base). */
    floorMinor: z.number().check(z.int(), z.positive(), z.refine(Number.isSafeInteger, 'out of range')),
  }),
  mgc: z.object({
    /** Growth of the latest 3 months over the 3 before that makes a customer growable. */
    minGrowthBps: z.number().check(z.int(), z.nonnegative()),
    /** Income bands counted as high for the under-penetration rule. */
    highIncomeBands: z.array(z.enum(INCOME_BANDS)),
    /** A high-income customer holding at most this many distinct products is under-penetrated. */
    maxProductsHeld: z.number().check(z.int(), z.nonnegative()),
  }),
  bz: z.object({
    /** Below this much history (days since the customer joined) nobody is labelled BZ. */
    minHistoryDays: z.number().check(z.int(), z.nonnegative()),
  }),
});
export type SegmentationRules = z.infer<typeof SegmentationRules>;

const LocalisedName = z.object({
  en: z.string().check(z.minLength(1), z.maxLength(40)),
  zh: z.string().check(z.minLength(1), z.maxLength(20)),
});

export const ServiceLevel = z.object({
  /** What the customer sees: a tier, never the internal segment. */
  tier: z.object({ code: z.string().check(z.regex(/^[A-Z][A-Z_]{1,29}$/)), name: LocalisedName }),
  complaintPriority: z.enum(['P1', 'P2', 'P3']),
  relationshipManager: z.enum(['DEDICATED_NAMED', 'GROWTH_DESK_POOL', 'TEAM_QUEUE']),
  firstResponseTarget: z.object({
    value: z.number().check(z.int(), z.positive()),
    unit: z.enum(['BUSINESS_HOURS', 'BUSINESS_DAYS']),
  }),
  /** Calendar days, like the regulators' limits it is compared with; or simply the regulator's limit. */
  resolutionTarget: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('DAYS'), days: z.number().check(z.int(), z.positive()) }),
    z.object({ kind: z.literal('REGULATORY_LIMIT') }),
  ]),
});
export type ServiceLevel = z.infer<typeof ServiceLevel>;

/**
 * One level for STANDARD and BZ together: there is no BZ row to configure, so no configuration can
 * give below-zero customers a tier of their own that would reveal the label.
 */
export const ServiceLevels = z
  .object({ MVC: ServiceLevel, MGC: ServiceLevel, STANDARD: ServiceLevel })
  .check(
    z.refine((l) => new Set([l.MVC.tier.code, l.MGC.tier.code, l.STANDARD.tier.code]).size === 3, {
      message: 'each level needs its own tier code',
    }),
    z.refine(
      (l) =>
        [l.MVC, l.MGC, l.STANDARD].every((s) => !/\bBZ\b|zero|负/i.test(`${s.tier.code} ${s.tier.name.en} ${s.tier.name.zh}`)),
      { message: 'a tier name must not speak of below-zero customers' },
    ),
  );
export type ServiceLevels = z.infer<typeof ServiceLevels>;

export const SegmentParameters = z.object({
  /** IANA time zone whose calendar months are the reporting months. */
  reportingTimeZone: z.string().check(z.refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Shanghai')),
  currency: CurrencyTable,
  contribution: ContributionParameters,
  segmentation: SegmentationRules,
  serviceLevels: ServiceLevels,
});
export type SegmentParameters = z.infer<typeof SegmentParameters>;

export const DEFAULT_SEGMENT_PARAMETERS: SegmentParameters = {
  // The core's business dates (balance asOf, openedOn) are Beijing dates, and a month must mean the
  // same days for instants and for dates. A stage for another market sets its own zone.
  reportingTimeZone: 'Asia/Shanghai',
  currency: {
    reportingCurrency: 'CNY',
    // Illustrative rates: a stage configures the treasury's month-end rates.
    currencies: {
      CNY: { minorUnits: 2, perUnitInReporting: '1' },
      USD: { minorUnits: 2, perUnitInReporting: '7.1' },
      EUR: { minorUnits: 2, perUnitInReporting: '7.8' },
      GBP: { minorUnits: 2, perUnitInReporting: '9.1' },
      HKD: { minorUnits: 2, perUnitInReporting: '0.91' },
      JPY: { minorUnits: 0, perUnitInReporting: '0.047' },
    },
  },
  contribution: {
    netInterestMarginBps: {
      CURRENT_ACCOUNT: 200,
      SAVINGS: 150,
      TERM_DEPOSIT: 80,
      CREDIT_CARD: 900,
      PERSONAL_LOAN: 400,
      MORTGAGE: 120,
      WEALTH: 90,
    },
    // Published US industry figures per transaction, taken as reporting-currency amounts. POS and
    // SELF_SERVICE are not in that list: a POS authorisation is electronic processing on the
    // merchant's terminal (priced as ONLINE), a self-service kiosk is bank hardware like an ATM.
    unitCostMinor: {
      MOBILE: 8,
      ONLINE: 17,
      ATM: 85,
      POS: 17,
      SELF_SERVICE: 85,
      PHONE_IVR: 125,
      CALL_CENTRE_AGENT: 375,
      BRANCH_TELLER: 400,
    },
    servicingCostPerOpenAccountMinor: 150,
    provisionRateBps: {
      CURRENT: 0,
      DELINQUENT_30: 0,
      DELINQUENT_60: 0,
      DELINQUENT_90_PLUS: 2_000,
      DEFAULT: 6_000,
      WRITTEN_OFF: 10_000,
      REPAID: 0,
    },
  },
  segmentation: {
    // The floor keeps a young or small base from naming customers worth a few yuan a year "most valuable".
    mvc: { percentile: 80, floorMinor: 100_000 },
    mgc: { minGrowthBps: 2_500, highIncomeBands: ['HIGH', 'VERY_HIGH'], maxProductsHeld: 2 },
    bz: { minHistoryDays: 90 },
  },
  serviceLevels: {
    MVC: {
      tier: { code: 'PREMIER', name: { en: 'Premier', zh: '贵宾' } },
      complaintPriority: 'P1',
      relationshipManager: 'DEDICATED_NAMED',
      firstResponseTarget: { value: 4, unit: 'BUSINESS_HOURS' },
      resolutionTarget: { kind: 'DAYS', days: 5 },
    },
    MGC: {
      tier: { code: 'ADVANCE', name: { en: 'Advance', zh: '优享' } },
      complaintPriority: 'P2',
      relationshipManager: 'GROWTH_DESK_POOL',
      firstResponseTarget: { value: 1, unit: 'BUSINESS_DAYS' },
      resolutionTarget: { kind: 'DAYS', days: 10 },
    },
    STANDARD: {
      tier: { code: 'CLASSIC', name: { en: 'Classic', zh: '经典' } },
      complaintPriority: 'P3',
      relationshipManager: 'TEAM_QUEUE',
      firstResponseTarget: { value: 2, unit: 'BUSINESS_DAYS' },
      resolutionTarget: { kind: 'REGULATORY_LIMIT' },
    },
  },
};

/** Validates parameters from a stage file or an admin edit; the issues name each bad field. */
export function parseSegmentParameters(input: unknown): Result<SegmentParameters, FieldIssue[]> {
  const parsed = SegmentParameters.safeParse(input);
  return parsed.success ? ok(parsed.data) : err(fieldIssues(parsed.error));
}
