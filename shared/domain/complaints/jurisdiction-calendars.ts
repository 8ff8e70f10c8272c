// Default business calendars for the three jurisdictions the bank serves. Holidays are data that changes
// every year (China's State Council publishes the next year's holidays and make-up days each November):
// these lists are defaults for tests and development, and the stage configuration must carry the
// official lists for the years it runs in. A date outside the listed years is treated as an ordinary day.
import { type BusinessCalendar, defineBusinessCalendar } from './business-calendar';

export const JURISDICTIONS = ['CN', 'UK', 'US'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

const MON_TO_FRI = [1, 2, 3, 4, 5] as const;

/** Mainland China, 2025 (State Council notice on 2025 holidays, 国务院办公厅关于2025年部分节假日安排的通知). */
export const CHINA_2025 = {
  holidays: [
    '2025-01-01',
    ...['01-28', '01-29', '01-30', '01-31', '02-01', '02-02', '02-03', '02-04'].map((d) => `2025-${d}`), // 春节
    '2025-04-04', '2025-04-05', '2025-04-06', // 清明节
    '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05', // 劳动节
    '2025-05-31', '2025-06-01', '2025-06-02', // 端午节
    ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => `2025-10-${d}`), // 国庆节、中秋节
  ],
  // Weekend days worked to make the holidays above longer (调休上班).
  makeUpWorkingDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
} as const;

/** England and Wales bank holidays, 2025–2026 (Banking and Financial Dealings Act 1971, as proclaimed). */
export const ENGLAND_AND_WALES_2025_2026 = [
  '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
] as const;

/**
 * Federal Reserve holidays, 2025–2026. Banks follow the Federal Reserve, not the federal government:
 * a holiday on a Saturday (4 July 2026) is not moved to the Friday, so that Friday is a business day.
 */
export const US_FEDERAL_RESERVE_2025_2026 = [
  '2025-01-01', '2025-01-20', '2025-02-17', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01',
  '2025-10-13', '2025-11-11', '2025-11-27', '2025-12-25',
  '2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-09-07', '2026-10-12',
  '2026-11-11', '2026-11-26', '2026-12-25',
] as const;

export const DEFAULT_CALENDARS: Readonly<Record<Jurisdiction, BusinessCalendar>> = {
  CN: defineBusinessCalendar({
    timeZone: 'Asia/Shanghai',
    workingWeek: MON_TO_FRI,
    workingHours: { start: '09:00', end: '17:00' },
    holidays: CHINA_2025.holidays,
    makeUpWorkingDays: CHINA_2025.makeUpWorkingDays,
  }),
  UK: defineBusinessCalendar({
    timeZone: 'Europe/London',
    workingWeek: MON_TO_FRI,
    workingHours: { start: '09:00', end: '17:00' },
    holidays: ENGLAND_AND_WALES_2025_2026,
  }),
  US: defineBusinessCalendar({
    timeZone: 'America/New_York',
    workingWeek: MON_TO_FRI,
    workingHours: { start: '09:00', end: '17:00' },
    holidays: US_FEDERAL_RESERVE_2025_2026,
  }),
};
