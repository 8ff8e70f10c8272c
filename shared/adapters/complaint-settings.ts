// The complaint settings a function reads once at cold start from its environment (set by
// infra/constructs/complaints.ts from the stage configuration): the jurisdiction whose regulator's limits
// apply, its official business calendar with the stage's extra days, and the disputed-amount thresholds.
import type { BusinessCalendar } from '../domain/complaints/business-calendar';
import { calendarFor, type Jurisdiction, JURISDICTIONS } from '../domain/complaints/jurisdiction-calendars';
import { REGULATORY_REGIMES, type RegulatoryRegime } from '../domain/complaints/regulatory-limits';

export interface ComplaintSettings {
  readonly jurisdiction: Jurisdiction;
  readonly regime: RegulatoryRegime;
  /**
   * The official calendar as shipped plus the stage's extra days: what applies before (or without) the
   * years an admin stored, which CalendarInForce (complaint-calendars.ts) adds.
   */
  readonly calendar: BusinessCalendar;
  /** The stage's extra days (COMPLAINT_HOLIDAYS, COMPLAINT_MAKE_UP_WORKING_DAYS), added to every year. */
  readonly extraDays: { readonly holidays?: readonly string[]; readonly makeUpWorkingDays?: readonly string[] };
  /** Minor units per currency; a currency without a threshold never triggers on amount. */
  readonly disputedAmountThresholds: Readonly<Record<string, number>>;
}

export const COMPLAINT_SETTINGS_ENV = {
  jurisdiction: 'COMPLAINT_JURISDICTION',
  holidays: 'COMPLAINT_HOLIDAYS',
  makeUpWorkingDays: 'COMPLAINT_MAKE_UP_WORKING_DAYS',
  thresholds: 'COMPLAINT_DISPUTED_AMOUNT_THRESHOLDS',
} as const;

const dates = (value: string | undefined) => (value === undefined ? undefined : value.split(',').map((d) => d.trim()).filter(Boolean));

/** Fails fast, naming the variable, on anything it cannot read. */
export function complaintSettingsFrom(env: Record<string, string | undefined>): ComplaintSettings {
  const jurisdiction = env[COMPLAINT_SETTINGS_ENV.jurisdiction] ?? 'CN';
  if (!(JURISDICTIONS as readonly string[]).includes(jurisdiction)) {
    throw new Error(`${COMPLAINT_SETTINGS_ENV.jurisdiction} must be one of ${JURISDICTIONS.join(', ')}`);
  }
  const j = jurisdiction as Jurisdiction;
  const holidays = dates(env[COMPLAINT_SETTINGS_ENV.holidays]);
  const makeUp = dates(env[COMPLAINT_SETTINGS_ENV.makeUpWorkingDays]);
  for (const d of [...(holidays ?? []), ...(makeUp ?? [])]) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`holiday and make-up dates must be YYYY-MM-DD, got ${d}`);
  }
  const extraDays = { ...(holidays ? { holidays } : {}), ...(makeUp ? { makeUpWorkingDays: makeUp } : {}) };
  const calendar = calendarFor(j, [], extraDays);
  const rawThresholds = env[COMPLAINT_SETTINGS_ENV.thresholds];
  const thresholds: Record<string, number> = rawThresholds ? JSON.parse(rawThresholds) : { CNY: 5_000_000, GBP: 500_000, USD: 700_000 };
  for (const [currency, minor] of Object.entries(thresholds)) {
    if (!/^[A-Z]{3}$/.test(currency) || !Number.isSafeInteger(minor) || minor < 0) {
      throw new Error(`${COMPLAINT_SETTINGS_ENV.thresholds}: ${currency} → ${minor} is not a currency and a whole number of minor units`);
    }
  }
  return { jurisdiction: j, regime: REGULATORY_REGIMES[j], calendar, extraDays, disputedAmountThresholds: thresholds };
}
