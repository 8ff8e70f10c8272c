// Fees the bank charges on simulated transactions (indicative tariffs). They are the fee income of
// contribution, so they follow the published shape of real tariffs: counter transfers in China pay by
// amount band while app transfers are free; SWIFT pays a commission and a cable charge.
import type { Channel } from '../../shared/contracts/primitives';
import type { Random } from './random';
import type { RegionCode, SimCurrency } from './regions';

/** CNAPS transfers at a branch counter, in CNY fen; free on mobile and online banking. */
export function domesticTransferFee(region: RegionCode, channel: Channel, amountMinor: number): number {
  if (region !== 'CN' || channel !== 'BRANCH') return 0;
  const cny = amountMinor / 100;
  if (cny <= 10_000) return 500;
  if (cny <= 100_000) return 1_000;
  if (cny <= 500_000) return 1_500;
  if (cny <= 1_000_000) return 2_000;
  return Math.min(20_000, Math.round(amountMinor * 0.00002));
}

/** SWIFT: outgoing pays commission and cable; incoming pays a handling charge outside China. */
export function swiftFee(currency: SimCurrency, amountMinor: number, direction: 'CREDIT' | 'DEBIT'): number {
  switch (currency) {
    case 'CNY':
      return direction === 'DEBIT' ? Math.min(26_000, Math.max(5_000, Math.round(amountMinor * 0.001))) + 15_000 : 0;
    case 'GBP':
      return direction === 'DEBIT' ? 2_000 : 700;
    case 'USD':
      return direction === 'DEBIT' ? 3_500 : 1_500;
  }
}

/** Withdrawing at another bank's ATM: common in China (per withdrawal), rare in the UK. */
export function atmFee(rng: Random, region: RegionCode): number {
  if (region === 'CN') return rng.chance(0.25) ? rng.pick([200, 200, 400]) : 0;
  return rng.chance(0.05) ? 199 : 0;
}

/** A late-payment fee when a loan or card reaches 30 days past due. */
export const LATE_PAYMENT_FEE_CNY = 60;
