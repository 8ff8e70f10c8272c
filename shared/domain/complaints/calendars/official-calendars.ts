// The official holiday calendars the bank's complaint deadlines are counted on, one entry per
// jurisdiction and year, each with where it comes from. Data, not code: an admin adds a year (or corrects
// one) through PUT /admin/complaint-calendars/{jurisdiction}/{year} without a deploy (stored in the
// complaints table; a stored year replaces the shipped one). A year not listed here nor stored is
// unknown: deadlines reaching into it are computed conservatively and flagged (business-calendar.ts).
import type { LocalDate } from '../business-calendar';

export const CALENDAR_JURISDICTIONS = ['CN', 'UK', 'US'] as const;
export type CalendarJurisdiction = (typeof CALENDAR_JURISDICTIONS)[number];

export interface CalendarYear {
  readonly jurisdiction: CalendarJurisdiction;
  readonly year: number;
  /** Days off: every listed date is a rest day, whatever its weekday. */
  readonly holidays: readonly LocalDate[];
  /** Weekend days worked in exchange for a longer holiday (China's 调休上班). */
  readonly makeUpWorkingDays: readonly LocalDate[];
  /** The notice, statute or publication the dates come from. */
  readonly source: string;
}

const days = (year: number, ...monthDays: string[]) => monthDays.map((md) => `${year}-${md}`);
const range = (year: number, month: number, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${year}-${String(month).padStart(2, '0')}-${String(from + i).padStart(2, '0')}`);

// Mainland China: the State Council General Office's notice for each year (国务院办公厅关于<year>年部分节假日
// 安排的通知), published each November for the year after. The 2027 notice had not been found when this was
// written (December 2026): add it through the admin API the day it is published.
const CHINA: readonly CalendarYear[] = [
  {
    jurisdiction: 'CN',
    year: 2025,
    holidays: [
      '2025-01-01',
      ...range(2025, 1, 28, 31), ...range(2025, 2, 1, 4), // 春节
      ...range(2025, 4, 4, 6), // 清明节
      ...range(2025, 5, 1, 5), // 劳动节
      '2025-05-31', '2025-06-01', '2025-06-02', // 端午节
      ...range(2025, 10, 1, 8), // 国庆节、中秋节
    ],
    makeUpWorkingDays: days(2025, '01-26', '02-08', '04-27', '09-28', '10-11'),
    source: '国务院办公厅关于2025年部分节假日安排的通知 (2024-11-12, Xinhua)',
  },
  {
    jurisdiction: 'CN',
    year: 2026,
    holidays: [
      ...range(2026, 1, 1, 3), // 元旦 1月1日（周四）至3日（周六）
      ...range(2026, 2, 15, 23), // 春节 2月15日（腊月二十八）至23日（正月初七）, 共9天
      ...range(2026, 4, 4, 6), // 清明节
      ...range(2026, 5, 1, 5), // 劳动节
      ...range(2026, 6, 19, 21), // 端午节
      ...range(2026, 9, 25, 27), // 中秋节
      ...range(2026, 10, 1, 7), // 国庆节
    ],
    // 1月4日（周日）, 2月14日（周六）, 2月28日（周六）, 5月9日（周六）, 9月20日（周日）, 10月10日（周六）上班.
    makeUpWorkingDays: days(2026, '01-04', '02-14', '02-28', '05-09', '09-20', '10-10'),
    source: '国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, Xinhua; politics.gmw.cn/2025-11/04/content_38391083.htm)',
  },
];

// England and Wales: bank holidays under the Banking and Financial Dealings Act 1971 and royal
// proclamation, as published at gov.uk/bank-holidays (a holiday on a weekend is substituted by the next
// weekday).
const ENGLAND_AND_WALES_SOURCE = 'Banking and Financial Dealings Act 1971; gov.uk/bank-holidays (England and Wales)';
const ENGLAND_AND_WALES: readonly CalendarYear[] = [
  { year: 2025, holidays: days(2025, '01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26') },
  { year: 2026, holidays: days(2026, '01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28') },
  // Christmas Day is a Saturday and Boxing Day a Sunday: substitute days Monday 27 and Tuesday 28 December.
  { year: 2027, holidays: days(2027, '01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28') },
].map((y) => ({ ...y, jurisdiction: 'UK' as const, makeUpWorkingDays: [], source: ENGLAND_AND_WALES_SOURCE }));

// United States: the federal holidays of 5 U.S.C. 6103 as the Federal Reserve observes them, since banks
// follow the Federal Reserve: a holiday on a Sunday is observed on the Monday, one on a Saturday is not
// moved (OPM moves it to the Friday for federal employees; the Reserve Banks are open that Friday).
const US_SOURCE = '5 U.S.C. 6103; Federal Reserve holiday schedule (Saturday holidays not observed)';
const US_FEDERAL_RESERVE: readonly CalendarYear[] = [
  { year: 2025, holidays: ['2025-01-01', '2025-01-20', '2025-02-17', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-10-13', '2025-11-11', '2025-11-27', '2025-12-25'] },
  { year: 2026, holidays: ['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25'] },
  { year: 2027, holidays: ['2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25'] },
  { year: 2028, holidays: ['2028-01-17', '2028-02-21', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-10-09', '2028-11-23', '2028-12-25'] },
  { year: 2029, holidays: ['2029-01-01', '2029-01-15', '2029-02-19', '2029-05-28', '2029-06-19', '2029-07-04', '2029-09-03', '2029-10-08', '2029-11-12', '2029-11-22', '2029-12-25'] },
  { year: 2030, holidays: ['2030-01-01', '2030-01-21', '2030-02-18', '2030-05-27', '2030-06-19', '2030-07-04', '2030-09-02', '2030-10-14', '2030-11-11', '2030-11-28', '2030-12-25'] },
].map((y) => ({ ...y, jurisdiction: 'US' as const, makeUpWorkingDays: [], source: US_SOURCE }));

export const OFFICIAL_CALENDAR_YEARS: readonly CalendarYear[] = [...CHINA, ...ENGLAND_AND_WALES, ...US_FEDERAL_RESERVE];
