// Where card purchases happen: ISO 18245 merchant category codes with a typical ticket in CNY.
import type { Random } from './random';

export type Merchant = { mcc: string; what: string; medianCny: number; spread: number; online?: boolean };

const EVERYDAY: readonly Merchant[] = [
  { mcc: '5411', what: 'grocery stores, supermarkets', medianCny: 120, spread: 0.7 },
  { mcc: '5812', what: 'restaurants', medianCny: 160, spread: 0.6 },
  { mcc: '5814', what: 'fast food', medianCny: 45, spread: 0.5 },
  { mcc: '4111', what: 'commuter transport', medianCny: 12, spread: 0.6 },
  { mcc: '4121', what: 'taxis and ride hailing', medianCny: 38, spread: 0.6 },
  { mcc: '5541', what: 'service stations', medianCny: 320, spread: 0.4 },
  { mcc: '5912', what: 'drug stores, pharmacies', medianCny: 85, spread: 0.6 },
  { mcc: '5499', what: 'convenience stores', medianCny: 30, spread: 0.6 },
];

const DISCRETIONARY: readonly Merchant[] = [
  { mcc: '5651', what: 'family clothing', medianCny: 420, spread: 0.7 },
  { mcc: '5732', what: 'electronics', medianCny: 900, spread: 0.9, online: true },
  { mcc: '5977', what: 'cosmetics', medianCny: 350, spread: 0.6, online: true },
  { mcc: '7832', what: 'cinemas', medianCny: 90, spread: 0.4 },
  { mcc: '5311', what: 'department stores', medianCny: 600, spread: 0.8 },
  { mcc: '5999', what: 'miscellaneous retail', medianCny: 150, spread: 0.9, online: true },
  { mcc: '5942', what: 'book stores', medianCny: 110, spread: 0.5, online: true },
];

const PREMIUM: readonly Merchant[] = [
  { mcc: '5944', what: 'jewellery, watches', medianCny: 8_000, spread: 1.0 },
  { mcc: '4511', what: 'airlines', medianCny: 4_500, spread: 0.7, online: true },
  { mcc: '7011', what: 'hotels', medianCny: 2_200, spread: 0.7, online: true },
  { mcc: '5309', what: 'duty-free stores', medianCny: 3_000, spread: 0.8 },
  { mcc: '8220', what: 'colleges and universities', medianCny: 25_000, spread: 0.5, online: true },
  { mcc: '8062', what: 'hospitals', medianCny: 1_800, spread: 0.8 },
];

export type SpendingStyle = 'thrifty' | 'everyday' | 'comfortable' | 'premium';

const MIX: Record<SpendingStyle, readonly (readonly [readonly Merchant[], number])[]> = {
  thrifty: [[EVERYDAY, 0.93], [DISCRETIONARY, 0.07]],
  everyday: [[EVERYDAY, 0.78], [DISCRETIONARY, 0.2], [PREMIUM, 0.02]],
  comfortable: [[EVERYDAY, 0.62], [DISCRETIONARY, 0.32], [PREMIUM, 0.06]],
  premium: [[EVERYDAY, 0.5], [DISCRETIONARY, 0.3], [PREMIUM, 0.2]],
};

export function pickMerchant(rng: Random, style: SpendingStyle): Merchant {
  return rng.pick(rng.weighted(MIX[style]));
}
