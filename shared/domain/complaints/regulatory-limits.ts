// What each regulator allows for a complaint (MISSION.md, "Complaint deadlines by jurisdiction"), and
// whether its "days" are calendar or business days, as each regulation words it.
//
// China — CBIRC Order 2020 No. 3, 银行业保险业消费投诉处理管理办法 (now under the NFRA): decide and notify
//   within 15 days (日) of receipt; complex cases up to 30; especially complex ones, with approval by a
//   senior level and notice to the customer, a further 30 (60 at most). The Order says 日, not 工作日
//   (working days, which Chinese rules name explicitly when they mean them), so these are calendar
//   days, counted as the Civil Code counts periods (民法典 Arts. 201, 203): from the day after receipt,
//   ending at 24:00 of the last day, and a last day that is a statutory rest day or holiday moves to the
//   next working day. The Order sets no separate acknowledgement period.
// UK — FCA Handbook DISP 1.6.2R: final response by the end of eight weeks after receipt (calendar
//   weeks); DISP 1.6.2AR for payment services and e-money (PSRs 2017 / EMRs 2011): final response within
//   15 business days after the day of receipt, or 35 business days in exceptional situations with a
//   holding reply. DISP 1.6.1R asks for a "prompt" written acknowledgement without a number of days.
//   DISP 1.5: a complaint resolved by close of business on the third business day after receipt may be
//   answered with a summary resolution communication.
// US — CFPB complaint process: the company responds within 15 (calendar) days; a response marked
//   "In progress" must be followed by a final response within 60 days.
//
// Business-day limits are counted to close of business, which is earlier than the regulation's end of
// day: a deadline met by close of business is met under the regulation too.
import type { Duration } from './business-calendar';
import type { Jurisdiction } from './jurisdiction-calendars';

/**
 * How far the regulator lets the resolution deadline stretch: STANDARD is the ordinary limit; EXTENDED
 * the complex-case limit (China's 30 days; in the US, after an "In progress" response); EXCEPTIONAL the
 * limit that needs approval (China's 60 days; the UK's 35 business days for payment services).
 */
export const DEADLINE_EXTENSIONS = ['STANDARD', 'EXTENDED', 'EXCEPTIONAL'] as const;
export type DeadlineExtension = (typeof DEADLINE_EXTENSIONS)[number];

export interface RegulatoryLimit {
  readonly duration: Duration;
  readonly citation: string;
}

export interface RegulatoryRegime {
  readonly jurisdiction: Jurisdiction;
  readonly regulator: string;
  /** Undefined where the regulation sets no number (only the resolution limit then bounds it). */
  readonly acknowledgement?: RegulatoryLimit;
  readonly resolution: Readonly<Record<DeadlineExtension, RegulatoryLimit>>;
  /** Payment-services complaints, where the regulation sets them apart (UK). */
  readonly paymentServicesResolution?: Readonly<Record<DeadlineExtension, RegulatoryLimit>>;
  /** The window for a summary resolution communication (UK DISP 1.5). */
  readonly summaryResolution?: RegulatoryLimit;
}

const CN_ORDER = 'CBIRC Order 2020 No. 3 (银行业保险业消费投诉处理管理办法)';
const chinaDays = (amount: number, what: string): RegulatoryLimit => ({
  duration: { unit: 'CALENDAR_DAYS', amount, endsOnBusinessDay: true },
  citation: `${CN_ORDER}: ${what}; periods per Civil Code Arts. 201, 203`,
});

export const REGULATORY_REGIMES: Readonly<Record<Jurisdiction, RegulatoryRegime>> = {
  CN: {
    jurisdiction: 'CN',
    regulator: 'NFRA (formerly CBIRC)',
    resolution: {
      STANDARD: chinaDays(15, 'decision within 15 days of receipt'),
      EXTENDED: chinaDays(30, 'complex case, extended to 30 days'),
      EXCEPTIONAL: chinaDays(60, 'especially complex, approved and notified, a further 30 days'),
    },
  },
  UK: {
    jurisdiction: 'UK',
    regulator: 'FCA',
    resolution: {
      STANDARD: { duration: { unit: 'WEEKS', amount: 8 }, citation: 'FCA DISP 1.6.2R: final response by the end of eight weeks' },
      EXTENDED: { duration: { unit: 'WEEKS', amount: 8 }, citation: 'FCA DISP 1.6.2R: eight weeks, no extension' },
      EXCEPTIONAL: { duration: { unit: 'WEEKS', amount: 8 }, citation: 'FCA DISP 1.6.2R: eight weeks, no extension' },
    },
    paymentServicesResolution: {
      STANDARD: { duration: { unit: 'BUSINESS_DAYS', amount: 15 }, citation: 'FCA DISP 1.6.2AR: payment services, 15 business days' },
      EXTENDED: { duration: { unit: 'BUSINESS_DAYS', amount: 15 }, citation: 'FCA DISP 1.6.2AR: payment services, 15 business days' },
      EXCEPTIONAL: { duration: { unit: 'BUSINESS_DAYS', amount: 35 }, citation: 'FCA DISP 1.6.2AR: exceptional situations, 35 business days' },
    },
    summaryResolution: {
      duration: { unit: 'BUSINESS_DAYS', amount: 3 },
      citation: 'FCA DISP 1.5: resolved by close of the third business day, summary resolution communication',
    },
  },
  US: {
    jurisdiction: 'US',
    regulator: 'CFPB',
    acknowledgement: {
      duration: { unit: 'CALENDAR_DAYS', amount: 15 },
      citation: 'CFPB complaint process: company response within 15 days',
    },
    resolution: {
      STANDARD: { duration: { unit: 'CALENDAR_DAYS', amount: 15 }, citation: 'CFPB complaint process: response within 15 days' },
      EXTENDED: { duration: { unit: 'CALENDAR_DAYS', amount: 60 }, citation: 'CFPB complaint process: "In progress", final response within 60 days' },
      EXCEPTIONAL: { duration: { unit: 'CALENDAR_DAYS', amount: 60 }, citation: 'CFPB complaint process: final response within 60 days at most' },
    },
  },
};
