// Where simulated customers bank: a mainland-China branch network (CNY, CNAPS) and a UK one (GBP).
// Amounts in the simulator are thought in CNY and converted, so that personas mean the same wealth
// whichever currency the account holds.
import type { TimeZone } from './calendar';

export type RegionCode = 'CN' | 'UK';
export type SimCurrency = 'CNY' | 'GBP' | 'USD';

export type Region = {
  code: RegionCode;
  timeZone: TimeZone;
  homeCurrency: SimCurrency;
  language: 'zh' | 'en';
  branches: readonly string[];
};

export const REGIONS: Record<RegionCode, Region> = {
  CN: {
    code: 'CN',
    timeZone: 'Asia/Shanghai',
    homeCurrency: 'CNY',
    language: 'zh',
    branches: ['BR-SH-001', 'BR-SH-014', 'BR-BJ-002', 'BR-BJ-021', 'BR-GZ-003', 'BR-SZ-007', 'BR-HZ-005', 'BR-CD-009'],
  },
  UK: {
    code: 'UK',
    timeZone: 'Europe/London',
    homeCurrency: 'GBP',
    language: 'en',
    branches: ['BR-LDN-001', 'BR-LDN-012', 'BR-MAN-003', 'BR-BHM-004', 'BR-EDI-006', 'BR-LDS-008'],
  },
};

/** Indicative CNY per unit, only to size amounts alike across currencies. */
const CNY_PER_UNIT: Record<SimCurrency, number> = { CNY: 1, GBP: 9.2, USD: 7.1 };

/** A CNY-sized amount as integer minor units of `currency`, rounded to `step` minor units. */
export function minorUnits(cnyAmount: number, currency: SimCurrency, step = 1): number {
  const minor = (cnyAmount / CNY_PER_UNIT[currency]) * 100;
  return Math.max(0, Math.round(minor / step) * step);
}
