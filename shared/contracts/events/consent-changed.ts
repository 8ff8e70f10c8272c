// CustomerMarketingConsentChanged: published on the bus when a customer gives or withdraws marketing
// consent through the API, so that a marketing system learns of it without waiting for the customer's
// next segment change (docs/data-protection-erasure.md#consent). Core banking's own changes are on the bus
// already as MarketingConsentChanged. zod/mini: this contract is bundled into data-protection-api.
import * as z from 'zod/mini';
import '../english-messages';
import { ConsentState, MarketingChannel, MarketingPurpose } from './consent';

export const DATA_PROTECTION_SOURCE = 'crm.data-protection';
export const CONSENT_CHANGED_DETAIL_TYPE = 'CustomerMarketingConsentChanged';

export const CustomerMarketingConsentChanged = z.object({
  schemaVersion: z.literal(1),
  /**
   * `<customerId>#<purpose>#<channel>#<consentOrder>`: the decision in force, not the request, so the same
   * decision announced twice (a retried request, a seal that already won) has the same id.
   */
  eventId: z.string().check(z.minLength(3)),
  /** When the decision in force was made. Consumers keep the latest per purpose × channel. */
  occurredAt: z.iso.datetime({ offset: true }),
  customerId: z.string().check(z.minLength(1), z.maxLength(64)),
  purpose: MarketingPurpose,
  channel: MarketingChannel,
  /** The decision in force after the request: a newer one from core banking, or an erasure's seal, wins. */
  state: ConsentState,
  /**
   * Every purpose × channel the customer may now be contacted for, as on CustomerSegmentChanged: a consumer
   * replaces what it holds with this list. Empty means no marketing at all.
   */
  marketing: z.object({
    permitted: z.array(z.object({ purpose: MarketingPurpose, channel: MarketingChannel })),
  }),
});
export type CustomerMarketingConsentChanged = z.infer<typeof CustomerMarketingConsentChanged>;

export const exampleConsentChanged: CustomerMarketingConsentChanged = {
  schemaVersion: 1,
  eventId: 'C-000042#PRODUCT_OFFERS#SMS#2026-11-03T08:00:00.000Z#4f1c2a9e-6d3b-4c1e-9a7f-2b8d5e0c1a34',
  occurredAt: '2026-11-03T08:00:00.000Z',
  customerId: 'C-000042',
  purpose: 'PRODUCT_OFFERS',
  channel: 'SMS',
  state: 'WITHDRAWN',
  marketing: { permitted: [{ purpose: 'PRODUCT_OFFERS', channel: 'EMAIL' }] },
};

export function consentChangedJsonSchema(): Record<string, unknown> {
  return {
    $id: `https://schemas.crm.bank.example/events/${CONSENT_CHANGED_DETAIL_TYPE}.v1.schema.json`,
    title: `${CONSENT_CHANGED_DETAIL_TYPE} (v1)`,
    description: `detail of an EventBridge event with source '${DATA_PROTECTION_SOURCE}' and detail-type '${CONSENT_CHANGED_DETAIL_TYPE}'.`,
    ...z.toJSONSchema(CustomerMarketingConsentChanged, { target: 'draft-2020-12', io: 'input' }),
  };
}

/** A whole EventBridge event as data-protection-api puts it, with the example detail. */
export const exampleConsentChangedEvent = () => ({
  Source: DATA_PROTECTION_SOURCE,
  DetailType: CONSENT_CHANGED_DETAIL_TYPE,
  Detail: exampleConsentChanged,
});
