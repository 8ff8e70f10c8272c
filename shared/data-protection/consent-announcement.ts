// What the bus is told after a customer's consent request: the decision now in force for that purpose ×
// channel and every pair the customer may be contacted for. Pure. The decision in force, not the request:
// a newer one from core banking, or an erasure's seal, may have won, and a consumer must hear that one.
import type { CustomerMarketingConsentChanged } from '../contracts/events/consent-changed';
import type { MarketingChannel, MarketingPurpose } from '../contracts/events/consent';
import { permittedContacts, type StoredConsent } from '../domain/marketing-consent';

export function consentAnnouncement(
  customerId: string,
  pair: { purpose: MarketingPurpose; channel: MarketingChannel },
  stored: readonly StoredConsent[],
): CustomerMarketingConsentChanged {
  const inForce = stored.find((c) => c.purpose === pair.purpose && c.channel === pair.channel);
  // The request's own write put an item there; none means a store that lost it, not a customer's choice.
  if (!inForce) throw new Error(`No consent item for ${pair.purpose} × ${pair.channel} after the write`);
  return {
    schemaVersion: 1,
    eventId: `${customerId}#${pair.purpose}#${pair.channel}#${inForce.consentOrder}`,
    occurredAt: inForce.changedAt,
    customerId,
    purpose: pair.purpose,
    channel: pair.channel,
    state: inForce.state,
    marketing: { permitted: permittedContacts(stored) },
  };
}
