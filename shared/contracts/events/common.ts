import * as z from 'zod/mini';
import { CustomerId, EventId, Instant } from '../primitives';

/**
 * Fields every core-banking event detail carries. `eventId` is the producer's id: the same business
 * event delivered twice has the same eventId, and that is what makes redelivery harmless.
 */
export const eventDetailBase = {
  schemaVersion: z.literal(1),
  eventId: EventId,
  occurredAt: Instant,
  customerId: CustomerId,
};
