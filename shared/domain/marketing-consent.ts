// A customer's marketing consent as the CONSENT# items hold it, and what it permits. Pure.
// Nothing permits by default: no item for a purpose × channel is no consent (PIPL art. 14, GDPR art. 7:
// consent is given, never presumed), and an erasure seals every item WITHDRAWN.
import type { MarketingChannel, MarketingPurpose } from '../contracts/events/consent';

export type StoredConsent = {
  purpose: MarketingPurpose;
  channel: MarketingChannel;
  state: 'GRANTED' | 'WITHDRAWN';
  changedAt: string;
  source: 'CORE_BANKING' | 'CUSTOMER_API' | 'ERASURE';
  /** The newer-wins guard (`<changedAt>#<changeId>`, or the erasure's seal): orders decisions. */
  consentOrder: string;
};

export type Permission = { purpose: MarketingPurpose; channel: MarketingChannel };

/** The purposes and channels a customer may be contacted for, in a stable order. */
export const permittedContacts = (consents: readonly StoredConsent[]): Permission[] =>
  consents
    .filter((c) => c.state === 'GRANTED')
    .map(({ purpose, channel }) => ({ purpose, channel }))
    .sort((a, b) => `${a.purpose}#${a.channel}`.localeCompare(`${b.purpose}#${b.channel}`));
