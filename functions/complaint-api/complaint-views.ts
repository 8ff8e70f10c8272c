// Stored complaints → what the API answers: the whole view for staff; for the customer, its complaint
// without the bank's internal ranking and routing (queue, priority, severity, reasons, articles).
import type { ComplaintHistory, ComplaintSummary, ComplaintView } from '../../shared/contracts/api/complaints';
import type { KnowledgeArticle } from '../../shared/domain/complaints/knowledge';
import { nextDueAt } from '../../shared/adapters/complaint-table-keys';
import type { ComplaintRecord, StoredHistoryEntry } from '../../shared/adapters/complaint-records';

export type Audience = 'STAFF' | 'CUSTOMER';

export function complaintView(record: ComplaintRecord, audience: Audience, articles: readonly KnowledgeArticle[] = []): ComplaintView {
  const { complaint: c, intake } = record;
  const base: ComplaintView = {
    complaintId: c.id,
    customerId: c.customerId,
    status: c.status,
    version: c.version,
    channel: intake.channel,
    description: intake.description,
    category: c.category ?? null,
    receivedAt: c.receivedAt,
    updatedAt: c.updatedAt,
    acknowledgementDueAt: c.deadlines?.ACKNOWLEDGEMENT.dueAt ?? null,
    resolutionDueAt: c.deadlines?.RESOLUTION.dueAt ?? null,
    reopenCount: c.reopenCount,
    ...(c.acknowledgedAt ? { acknowledgedAt: c.acknowledgedAt } : {}),
    ...(c.resolvedAt ? { resolvedAt: c.resolvedAt } : {}),
    ...(c.closedAt ? { closedAt: c.closedAt } : {}),
    ...(c.withdrawnAt ? { withdrawnAt: c.withdrawnAt } : {}),
    ...(c.resolution ? { resolution: c.resolution } : {}),
    ...(intake.accountId ? { accountId: intake.accountId } : {}),
    ...(intake.transactionId ? { transactionId: intake.transactionId } : {}),
    ...(intake.disputedAmount ? { disputedAmount: intake.disputedAmount } : {}),
    ...(intake.contactPreference ? { contactPreference: intake.contactPreference } : {}),
  };
  if (audience === 'CUSTOMER') return base;
  return {
    ...base,
    ...(c.queue ? { queue: c.queue } : {}),
    ...(c.assignee ? { assignee: c.assignee } : {}),
    ...(c.handlerId ? { handlerId: c.handlerId } : {}),
    ...(c.priority ? { priority: c.priority } : {}),
    ...(c.severity ? { severity: c.severity } : {}),
    escalated: c.escalated,
    escalatedDeadlines: [...c.escalatedDeadlines],
    ...(record.routingReasons ? { routingReasons: [...record.routingReasons] } : {}),
    ...(record.classificationConfidence !== undefined ? { classificationConfidence: record.classificationConfidence } : {}),
    suggestedArticles: articles.map((a) => ({ ...a, steps: [...a.steps], tags: [...a.tags] })),
  };
}

export function complaintSummary(record: ComplaintRecord, audience: Audience): ComplaintSummary {
  const c = record.complaint;
  const base: ComplaintSummary = {
    complaintId: c.id,
    customerId: c.customerId,
    status: c.status,
    category: c.category ?? null,
    receivedAt: c.receivedAt,
    updatedAt: c.updatedAt,
    nextDueAt: nextDueAt(c) ?? null,
  };
  if (audience === 'CUSTOMER') return base;
  return {
    ...base,
    ...(c.queue ? { queue: c.queue } : {}),
    ...(c.priority ? { priority: c.priority } : {}),
    ...(c.severity ? { severity: c.severity } : {}),
    escalated: c.escalated,
    ...(c.handlerId ? { handlerId: c.handlerId } : {}),
  };
}

export function historyView(complaintId: string, entries: readonly StoredHistoryEntry[], audience: Audience): ComplaintHistory {
  return {
    complaintId,
    entries: entries.map((e) => {
      const base = { version: e.version, kind: e.kind, from: e.from ?? null, to: e.to, at: e.at, actorRole: e.actor.role };
      if (audience === 'CUSTOMER') return base;
      const escalation = 'escalation' in e ? e.escalation : undefined;
      const resolution = 'resolution' in e ? e.resolution : undefined;
      return {
        ...base,
        actorId: e.actor.id,
        ...(e.note ? { note: e.note } : {}),
        ...(resolution ? { resolution } : {}),
        ...(escalation ? { escalation: { deadlines: [...escalation.deadlines], priorityFrom: escalation.priority.from ?? null, priorityTo: escalation.priority.to } } : {}),
      };
    }),
  };
}
