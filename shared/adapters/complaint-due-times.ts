// Due times for a complaint under the stage's jurisdiction: the domain's deadlines (the shorter of the
// segment's target and the regulator's limit, on the jurisdiction's calendar) with the settings applied.
import type { ComplaintCategory } from '../domain/complaints/categories';
import { type ComplaintDueTimes, dueTimesOf } from '../domain/complaints/complaint';
import { complaintDeadlines } from '../domain/complaints/deadlines';
import type { Segment, ServiceLevels } from '../domain/complaints/promised-service';
import type { ComplaintSettings } from './complaint-settings';

/** Categories that are payment-services complaints where the regulator sets them apart (UK DISP 1.6.2AR). */
const PAYMENT_SERVICE_CATEGORIES: readonly ComplaintCategory[] = ['TRANSFERS_AND_PAYMENTS', 'UNAUTHORISED_TRANSACTION'];

export const dueTimesFor = (
  settings: ComplaintSettings,
  input: { receivedAt: string; promise?: { segment: Segment; serviceLevels: ServiceLevels }; category?: ComplaintCategory },
): ComplaintDueTimes =>
  dueTimesOf(
    complaintDeadlines({
      receivedAt: input.receivedAt,
      ...(input.promise ? { promise: input.promise } : {}),
      regime: settings.regime,
      calendar: settings.calendar,
      paymentService: input.category !== undefined && PAYMENT_SERVICE_CATEGORIES.includes(input.category),
    }),
  );
