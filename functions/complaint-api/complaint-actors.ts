// Who is acting on a complaint, in the lifecycle's terms, from the caller's token. An admin acts as a
// supervisor. A complaint handler works the queues its token's custom:complaintQueues claim names
// (comma-separated); without the claim, every queue: the staff directory that will name each handler's
// queues does not exist yet, and the user pool is the bank's own staff.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { type ComplaintQueue, COMPLAINT_QUEUES } from '../../shared/domain/complaints/categories';
import type { Actor } from '../../shared/domain/complaints/lifecycle';
import type { Caller } from '../../shared/http/caller';

export const HANDLER_QUEUES_CLAIM = 'custom:complaintQueues';

const queuesFromClaim = (value: unknown): ComplaintQueue[] => {
  if (typeof value !== 'string' || value.trim() === '') return [...COMPLAINT_QUEUES];
  return value
    .split(/[\s,]+/)
    .filter((q): q is ComplaintQueue => (COMPLAINT_QUEUES as readonly string[]).includes(q));
};

export const isStaff = (caller: Caller) => caller.roles.some((r) => r !== 'customer');

/** The most capable role the caller holds; undefined for a caller that may not move complaints. */
export function actorOf(caller: Caller, event: APIGatewayProxyEvent): Actor | undefined {
  if (caller.roles.includes('admin')) return { role: 'SUPERVISOR', id: caller.subject };
  if (caller.roles.includes('complaint-handler')) {
    const claims = (event.requestContext?.authorizer?.claims ?? {}) as Record<string, unknown>;
    return { role: 'HANDLER', id: caller.subject, queues: queuesFromClaim(claims[HANDLER_QUEUES_CLAIM]) };
  }
  if (caller.roles.includes('relationship-manager')) return { role: 'RELATIONSHIP_MANAGER', id: caller.subject };
  if (caller.roles.includes('customer') && caller.customerId) return { role: 'CUSTOMER', id: caller.customerId };
  return undefined;
}
