// CustomerSegmentChanged: published on the bus when a customer's value segment changes (never when it
// does not), for marketing, the contact centre and the data lake. Internal: the segment names are the
// bank's own labels and never reach a customer. zod/mini: this contract is bundled into Lambdas.
import * as z from 'zod/mini';
import '../english-messages';
import { MarketingChannel, MarketingPurpose } from './consent';

export const SEGMENTATION_SOURCE = 'crm.segmentation';
export const SEGMENT_CHANGED_DETAIL_TYPE = 'CustomerSegmentChanged';

const SegmentCode = z.enum(['MVC', 'MGC', 'STANDARD', 'BZ']);

export const SegmentChangeCause = z.enum(['FIGURES_CHANGED', 'RECALIBRATION', 'MANAGER_CHANGED']);

export const CustomerSegmentChanged = z.object({
  schemaVersion: z.literal(1),
  /** `<customerId>#<segmentVersion>`: the same change published twice has the same id. */
  eventId: z.string().check(z.minLength(3)),
  occurredAt: z.iso.datetime({ offset: true }),
  customerId: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Increases by one with every change of segment: consumers keep the highest. */
  segmentVersion: z.number().check(z.int(), z.positive()),
  previousSegment: z.nullable(SegmentCode),
  segment: SegmentCode,
  cause: SegmentChangeCause,
  /** Trailing 12-month contribution, reporting-currency minor units. */
  trailing12Minor: z.number().check(z.int()),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
  mvcThresholdMinor: z.number().check(z.int()),
  reasons: z.array(z.object({ rule: z.string(), figures: z.record(z.string(), z.nullable(z.union([z.number(), z.string()]))) })),
  relationshipManager: z.union([
    z.object({ kind: z.literal('NAMED'), managerId: z.string(), branchId: z.string() }),
    z.object({ kind: z.literal('GROWTH_DESK_POOL') }),
    z.object({ kind: z.literal('TEAM_QUEUE') }),
  ]),
  /**
   * The customer's marketing consent when this change was published. A consumer that markets (campaigns,
   * next-best-offer, outbound calls) contacts the customer only for a purpose on a channel listed in
   * `permitted`: an empty list means no marketing at all. It is the state at publication: a later change
   * of consent comes as MarketingConsentChanged (core banking) and wins over it.
   */
  marketing: z.object({
    permitted: z.array(z.object({ purpose: MarketingPurpose, channel: MarketingChannel })),
  }),
});
export type CustomerSegmentChanged = z.infer<typeof CustomerSegmentChanged>;

export const exampleSegmentChanged: CustomerSegmentChanged = {
  schemaVersion: 1,
  eventId: 'C-000042#3',
  occurredAt: '2026-11-02T02:00:00.000Z',
  customerId: 'C-000042',
  segmentVersion: 3,
  previousSegment: 'MGC',
  segment: 'MVC',
  cause: 'RECALIBRATION',
  trailing12Minor: 1_250_000,
  currency: 'CNY',
  mvcThresholdMinor: 1_180_000,
  reasons: [
    {
      rule: 'MVC_AT_OR_ABOVE_THRESHOLD',
      figures: { trailing12Minor: 1_250_000, thresholdMinor: 1_180_000, floorMinor: 100_000, percentileMinor: 1_180_000 },
    },
  ],
  relationshipManager: { kind: 'NAMED', managerId: 'RM-0101', branchId: 'BR-SH-001' },
  marketing: { permitted: [{ purpose: 'PRODUCT_OFFERS', channel: 'EMAIL' }] },
};

export function segmentChangedJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://schemas.crm.bank.example/events/CustomerSegmentChanged.v1.schema.json',
    title: 'CustomerSegmentChanged (v1)',
    description: `detail of an EventBridge event with source '${SEGMENTATION_SOURCE}' and detail-type '${SEGMENT_CHANGED_DETAIL_TYPE}'.`,
    ...z.toJSONSchema(CustomerSegmentChanged, { target: 'draft-2020-12', io: 'input' }),
  };
}

/** A whole EventBridge event as segmentation puts it, with the example detail. */
export const exampleSegmentChangedEvent = () => ({
  Source: SEGMENTATION_SOURCE,
  DetailType: SEGMENT_CHANGED_DETAIL_TYPE,
  Detail: exampleSegmentChanged,
});
