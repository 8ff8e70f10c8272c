// The complaint events' details, built from the stored complaint: one place that maps the domain to the
// published contract, used by intake, the router and the breach scan alike.
import { type ComplaintEscalated, type ComplaintReceived, type ComplaintRouted, complaintEventId } from '../contracts/events/complaint-events';
import type { Complaint } from '../domain/complaints/complaint';
import type { HistoryEntry } from '../domain/complaints/lifecycle';
import type { ComplaintRecord } from './complaint-records';

export const receivedDetail = (record: ComplaintRecord): ComplaintReceived => ({
  schemaVersion: 1,
  eventId: complaintEventId(record.complaint.id, 'received', 1),
  occurredAt: record.complaint.receivedAt,
  complaintId: record.complaint.id,
  customerId: record.complaint.customerId,
  version: 1,
  channel: record.intake.channel,
  receivedAt: record.complaint.receivedAt,
});

/** Undefined for a complaint that is not routed (it has no queue or deadlines to announce). */
export const routedDetail = (c: Complaint, routedVersion: number, routedAt: string): ComplaintRouted | undefined => {
  if (!c.category || !c.queue || !c.assignee || !c.priority || !c.severity || !c.deadlines) return undefined;
  return {
    schemaVersion: 1,
    eventId: complaintEventId(c.id, 'routed', routedVersion),
    occurredAt: routedAt,
    complaintId: c.id,
    customerId: c.customerId,
    version: routedVersion,
    category: c.category,
    queue: c.queue,
    assignee: c.assignee,
    priority: c.priority,
    severity: c.severity,
    escalated: c.escalated,
    acknowledgementDueAt: c.deadlines.ACKNOWLEDGEMENT.dueAt,
    resolutionDueAt: c.deadlines.RESOLUTION.dueAt,
  };
};

export const escalatedDetail = (c: Complaint, entry: HistoryEntry, regulatory: boolean): ComplaintEscalated => ({
  schemaVersion: 1,
  eventId: complaintEventId(c.id, 'escalated', entry.version),
  occurredAt: entry.at,
  complaintId: c.id,
  customerId: c.customerId,
  version: entry.version,
  ...(c.queue ? { queue: c.queue } : {}),
  deadlines: [...(entry.escalation?.deadlines ?? [])],
  regulatory,
  priority: entry.escalation?.priority ?? { to: c.priority ?? 'P1' },
});
