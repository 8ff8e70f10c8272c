// Routing: what the router function decides for a newly received complaint. Category (classification.ts),
// severity (severity.ts), priority from severity and segment (priority.ts), the queue that owns the
// category, and who works it: the customer's named relationship manager where the segment has one (MVC),
// otherwise the queue. The decision carries its reasons, for the handler and for the audit trail.
import { type ComplaintCategory, type ComplaintQueue, queueFor } from './categories';
import type { CfpbComplaintNames } from './cfpb-taxonomy';
import { type Classification, classifyComplaint } from './classification';
import { DEFAULT_SEVERITY_PRIORITY_FLOOR, type Priority, priorityFor } from './priority';
import { DEFAULT_SERVICE_LEVELS, promisedService, type Segment, type ServiceLevels } from './promised-service';
import { assessSeverity, DEFAULT_SEVERITY_CONFIG, SEVERITIES, type Severity, type SeverityAssessment, type SeverityConfig } from './severity';

export type Assignee =
  | { readonly kind: 'RELATIONSHIP_MANAGER'; readonly managerId: string; readonly queue: ComplaintQueue }
  | { readonly kind: 'QUEUE'; readonly queue: ComplaintQueue };

export interface RoutingInput {
  readonly complaint: {
    readonly receivedAt: string;
    readonly description: string;
    readonly category?: ComplaintCategory;
    readonly cfpb?: CfpbComplaintNames;
    readonly disputedAmountReportingMinor?: number;
    readonly suspectedFraud?: boolean;
  };
  readonly customer: {
    readonly segment: Segment;
    readonly relationshipManagerId?: string;
    readonly vulnerable?: boolean;
    readonly previousComplaintTimes?: readonly string[];
  };
}

export interface RoutingConfig {
  readonly serviceLevels: ServiceLevels;
  readonly severity: SeverityConfig;
  readonly severityPriorityFloor: Readonly<Record<Severity, Priority | undefined>>;
  /** A complaint this severe (or more) is flagged ESCALATED as soon as it is routed. */
  readonly escalateAtSeverity?: Severity;
}

export const DEFAULT_ROUTING_CONFIG: RoutingConfig = {
  serviceLevels: DEFAULT_SERVICE_LEVELS,
  severity: DEFAULT_SEVERITY_CONFIG,
  severityPriorityFloor: DEFAULT_SEVERITY_PRIORITY_FLOOR,
  escalateAtSeverity: 'CRITICAL',
};

export interface RoutingDecision {
  readonly category: ComplaintCategory;
  readonly classification: Classification;
  readonly severity: SeverityAssessment;
  readonly priority: Priority;
  readonly queue: ComplaintQueue;
  readonly assignee: Assignee;
  /** Flag the complaint ESCALATED at routing, for its severity. */
  readonly escalate: boolean;
  readonly reasons: readonly string[];
}

/**
 * The relationship manager for segments served by a named manager, if the customer has one; otherwise
 * the queue. The queue is kept on a manager's assignment too, so the team can see and cover it.
 */
export const assigneeFor = (
  segment: Segment,
  queue: ComplaintQueue,
  relationshipManagerId: string | undefined,
  serviceLevels: ServiceLevels = DEFAULT_SERVICE_LEVELS,
): { assignee: Assignee; reason: string } => {
  if (!promisedService(segment, serviceLevels).namedManager) {
    return { assignee: { kind: 'QUEUE', queue }, reason: `segment ${segment}: queue ${queue}` };
  }
  if (!relationshipManagerId) {
    return { assignee: { kind: 'QUEUE', queue }, reason: `segment ${segment} has no named relationship manager on record: queue ${queue}` };
  }
  return {
    assignee: { kind: 'RELATIONSHIP_MANAGER', managerId: relationshipManagerId, queue },
    reason: `segment ${segment}: relationship manager ${relationshipManagerId}`,
  };
};

export const routeComplaint = (input: RoutingInput, config: RoutingConfig = DEFAULT_ROUTING_CONFIG): RoutingDecision => {
  const { complaint, customer } = input;
  const classification = classifyComplaint({ category: complaint.category, cfpb: complaint.cfpb, description: complaint.description });
  const category = classification.category;
  const severity = assessSeverity(
    {
      category,
      description: complaint.description,
      segment: customer.segment,
      receivedAt: complaint.receivedAt,
      disputedAmountReportingMinor: complaint.disputedAmountReportingMinor,
      suspectedFraud: complaint.suspectedFraud,
      vulnerableCustomer: customer.vulnerable,
      previousComplaintTimes: customer.previousComplaintTimes,
    },
    config.severity,
  );
  const priority = priorityFor({ segment: customer.segment, severity: severity.severity }, config.serviceLevels, config.severityPriorityFloor);
  const queue = queueFor(category);
  const { assignee, reason: assigneeReason } = assigneeFor(customer.segment, queue, customer.relationshipManagerId, config.serviceLevels);
  const escalate =
    config.escalateAtSeverity !== undefined && SEVERITIES.indexOf(severity.severity) >= SEVERITIES.indexOf(config.escalateAtSeverity);
  return {
    category,
    classification,
    severity,
    priority: priority.priority,
    queue,
    assignee,
    escalate,
    reasons: [
      `category ${category} (${classification.method.toLowerCase()}, confidence ${classification.confidence}): ${classification.reason}`,
      `severity ${severity.severity} (score ${severity.score})${severity.reasons.length ? `: ${severity.reasons.map((r) => r.trigger).join(', ')}` : ''}`,
      ...priority.reasons.map((r) => `priority ${r}`),
      `queue ${queue} owns ${category}`,
      `assignee ${assigneeReason}`,
      ...(escalate ? [`escalated at routing: severity ${severity.severity}`] : []),
    ],
  };
};
