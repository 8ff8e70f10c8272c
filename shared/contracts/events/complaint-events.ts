// Events the complaint capability puts on the bus (source `crm.complaints`): a complaint received, routed,
// escalated. They carry identifiers and decisions, never the complaint's description or the customer's
// personal data: a consumer that needs more reads it through the API. `eventId` is deterministic (the
// complaint id, what happened, and the complaint's version), so a redelivered or republished event is
// recognisably the same event.
import * as z from 'zod/mini';
import '../english-messages';
import { COMPLAINT_CATEGORIES, COMPLAINT_QUEUES } from '../../domain/complaints/categories';
import { DEADLINE_KINDS } from '../../domain/complaints/deadlines';
import { PRIORITIES } from '../../domain/complaints/priority';
import { SEVERITIES } from '../../domain/complaints/severity';

export const COMPLAINTS_SOURCE = 'crm.complaints';

const id = (what: string, max = 128) =>
  z.string().check(z.minLength(1), z.maxLength(max), z.regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, `${what} may hold letters, digits, '.', '_', ':' and '-' only`));
const instant = z.iso.datetime({ offset: true });

export const COMPLAINT_CHANNELS = ['MOBILE', 'ONLINE', 'BRANCH', 'PHONE', 'EMAIL', 'LETTER', 'SOCIAL_MEDIA'] as const;

const base = {
  schemaVersion: z.literal(1),
  eventId: id('eventId', 200),
  occurredAt: instant,
  complaintId: id('complaintId', 64),
  customerId: id('customerId', 64),
  /** The complaint's version after the change the event reports. */
  version: z.number().check(z.int(), z.positive()),
};

export const ComplaintReceived = z.object({
  ...base,
  channel: z.enum(COMPLAINT_CHANNELS),
  receivedAt: instant,
});
export type ComplaintReceived = z.infer<typeof ComplaintReceived>;

const Assignee = z.union([
  z.object({ kind: z.literal('RELATIONSHIP_MANAGER'), managerId: id('managerId'), queue: z.enum(COMPLAINT_QUEUES) }),
  z.object({ kind: z.literal('QUEUE'), queue: z.enum(COMPLAINT_QUEUES) }),
]);

export const ComplaintRouted = z.object({
  ...base,
  category: z.enum(COMPLAINT_CATEGORIES),
  queue: z.enum(COMPLAINT_QUEUES),
  assignee: Assignee,
  priority: z.enum(PRIORITIES),
  severity: z.enum(SEVERITIES),
  escalated: z.boolean(),
  acknowledgementDueAt: instant,
  resolutionDueAt: instant,
});
export type ComplaintRouted = z.infer<typeof ComplaintRouted>;

export const ComplaintEscalated = z.object({
  ...base,
  queue: z.optional(z.enum(COMPLAINT_QUEUES)),
  /** The deadlines whose breach this escalation answers. */
  deadlines: z.array(z.enum(DEADLINE_KINDS)),
  /** At least one regulatory limit (not just the bank's own target) was broken. */
  regulatory: z.boolean(),
  priority: z.object({ from: z.optional(z.enum(PRIORITIES)), to: z.enum(PRIORITIES) }),
});
export type ComplaintEscalated = z.infer<typeof ComplaintEscalated>;

export const complaintEvents = { ComplaintReceived, ComplaintRouted, ComplaintEscalated } as const;
export type ComplaintDetailType = keyof typeof complaintEvents;
export const COMPLAINT_DETAIL_TYPES = Object.keys(complaintEvents) as ComplaintDetailType[];

export const complaintEventId = (complaintId: string, what: 'received' | 'routed' | 'escalated', version: number) =>
  `${complaintId}:${what}:v${version}`;

export const exampleComplaintDetails: { [K in ComplaintDetailType]: z.input<(typeof complaintEvents)[K]> } = {
  ComplaintReceived: {
    schemaVersion: 1,
    eventId: 'CMP-20261103-7QK2M9X4:received:v1',
    occurredAt: '2026-11-03T02:15:00.000Z',
    complaintId: 'CMP-20261103-7QK2M9X4',
    customerId: 'C-000123',
    version: 1,
    channel: 'MOBILE',
    receivedAt: '2026-11-03T02:15:00.000Z',
  },
  ComplaintRouted: {
    schemaVersion: 1,
    eventId: 'CMP-20261103-7QK2M9X4:routed:v2',
    occurredAt: '2026-11-03T02:15:02.000Z',
    complaintId: 'CMP-20261103-7QK2M9X4',
    customerId: 'C-000123',
    version: 2,
    category: 'UNAUTHORISED_TRANSACTION',
    queue: 'DISPUTES',
    assignee: { kind: 'QUEUE', queue: 'DISPUTES' },
    priority: 'P2',
    severity: 'HIGH',
    escalated: false,
    acknowledgementDueAt: '2026-11-05T09:00:00.000Z',
    resolutionDueAt: '2026-11-18T15:59:59.999Z',
  },
  ComplaintEscalated: {
    schemaVersion: 1,
    eventId: 'CMP-20261103-7QK2M9X4:escalated:v3',
    occurredAt: '2026-11-05T09:05:00.000Z',
    complaintId: 'CMP-20261103-7QK2M9X4',
    customerId: 'C-000123',
    version: 3,
    queue: 'DISPUTES',
    deadlines: ['ACKNOWLEDGEMENT'],
    regulatory: false,
    priority: { from: 'P2', to: 'P1' },
  },
};
