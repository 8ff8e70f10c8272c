import * as z from 'zod/mini';
import { eventDetailBase } from './common';

/**
 * What a customer may be contacted for. Separate consents per purpose, as PIPL art. 14 and GDPR art. 7
 * ask ("specific"): agreeing to the bank's own offers is not agreeing to partners' offers.
 */
export const MARKETING_PURPOSES = ['PRODUCT_OFFERS', 'PARTNER_OFFERS', 'PERSONALISED_ADVICE', 'SURVEYS'] as const;
export const MarketingPurpose = z.enum(MARKETING_PURPOSES);
export type MarketingPurpose = z.infer<typeof MarketingPurpose>;

/** How a customer may be contacted for marketing. Distinct from the channels customers bank through. */
export const MARKETING_CHANNELS = ['EMAIL', 'SMS', 'PHONE', 'POST', 'PUSH'] as const;
export const MarketingChannel = z.enum(MARKETING_CHANNELS);
export type MarketingChannel = z.infer<typeof MarketingChannel>;

export const CONSENT_STATES = ['GRANTED', 'WITHDRAWN'] as const;
export const ConsentState = z.enum(CONSENT_STATES);
export type ConsentState = z.infer<typeof ConsentState>;

/**
 * The customer gave or withdrew marketing consent for one purpose on one channel (in branch, in the
 * core-banking front end). Newer wins per purpose × channel, by occurredAt: a late, older event never
 * overrides a change the customer made since, here or through the API.
 */
export const MarketingConsentChanged = z.object({
  ...eventDetailBase,
  purpose: MarketingPurpose,
  channel: MarketingChannel,
  state: ConsentState,
});
export type MarketingConsentChanged = z.infer<typeof MarketingConsentChanged>;
