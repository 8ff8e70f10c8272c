// Need-to-know: whose personal data a caller may reach through a route, in one place for every API
// function. The route declares whose data it uses (RouteAccess.personalData); the role check
// (shared/http/authorization.ts) has already let the caller's role in. This decides, per caller and
// customer, the grant under which the data is shown, or refuses with the same 404 an unknown customer
// or complaint gets, so an out-of-scope caller learns nothing.
//
//   role                  customer (path)          complaint                  queue          list (segment)
//   customer              its own                  its own                    -              -
//   relationship-manager  portfolio or branch      its customer's, as left    -              its branch
//   complaint-handler     break-glass              of its queues              its queues     break-glass
//   analyst               pseudonymised view       break-glass                break-glass    pseudonymised view
//   admin                 break-glass              supervisor (all)           supervisor     break-glass
//   compliance            no role on these routes: it reads the access record, and erasure requests (below)
//
// Two duties reach customers beyond the table, each only where the route declares it:
// - intake (a complaint filed on a customer's behalf, the customer named in the body): complaint handlers
//   (the contact centre) and admins take it for any customer that exists, grant INTAKE; a relationship
//   manager for portfolio or branch; a customer for itself;
// - erasure requests: compliance reads and approves them, grant COMPLIANCE, recorded with the route's
//   declared purpose as the reason.
//
// "Pseudonymised view" needs the route to declare one (personalData.pseudonymised); without, analysts
// need break-glass. Break-glass (a stated reason, shared/data-protection/break-glass.ts) lets any staff
// role the route admits beyond its scope, with the full view: allowed, recorded with the reason, alerted.
import type { PersonalDataUse } from '../contracts/api/route-contract';
import type { Role } from '../contracts/api/roles';
import type { Caller } from '../http/caller';
import { problems } from '../http/problems';

/** Who looks after a customer: its home branch and its named manager (profile and segment assignment). */
export type CustomerScope = { branchIds: readonly string[]; managerIds: readonly string[] };
/** A complaint's customer and the queue it is routed to (none while RECEIVED). */
export type ComplaintScope = { customerId: string; queue?: string };

/** The lookups need-to-know needs, from the function serving the route; each answers undefined for unknown ids. */
export type ScopeFacts = {
  customer?: (customerId: string) => Promise<CustomerScope | undefined>;
  complaint?: (complaintId: string) => Promise<ComplaintScope | undefined>;
  /** The customer an erasure request is for. */
  erasureRequest?: (requestId: string) => Promise<string | undefined>;
};

export type Grant = 'OWN' | 'PORTFOLIO' | 'BRANCH' | 'QUEUE' | 'SUPERVISOR' | 'INTAKE' | 'COMPLIANCE' | 'PSEUDONYMISED' | 'BREAK_GLASS';
export const GRANTS = ['OWN', 'PORTFOLIO', 'BRANCH', 'QUEUE', 'SUPERVISOR', 'INTAKE', 'COMPLIANCE', 'PSEUDONYMISED', 'BREAK_GLASS'] as const satisfies readonly Grant[];

export type AccessDecision = {
  grant: Grant;
  /** The role the grant came from (the first that has one, in ROLES order). */
  role: Role;
  view: 'FULL' | 'PSEUDONYMISED';
  /** The customer the request is about, when known before the route runs (not for lists). */
  customerId?: string;
  reason?: string;
};

export type NeedToKnowRequest = {
  use: PersonalDataUse;
  customerPathParam?: string;
  caller: Caller;
  /** The caller's roles the route admits. */
  roles: readonly Role[];
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  /** The validated body, for a subject named in it (`from: 'body.customerId'`). */
  body?: unknown;
  breakGlassReason?: string;
};

const notFound = (use: PersonalDataUse) =>
  use.subject.kind === 'complaint'
    ? problems.notFound('No complaint with this id.')
    : use.subject.kind === 'erasureRequest'
      ? problems.notFound('No erasure request with this id.')
      : problems.notFound('No customer with this id.');

/** The customer a body field names; for a customer naming none, itself; staff must name one. */
function customerNamedInBody(r: NeedToKnowRequest, from: `body.${string}`): string | undefined {
  const body = r.body && typeof r.body === 'object' ? (r.body as Record<string, unknown>) : {};
  const named = body[from.slice('body.'.length)];
  if (typeof named === 'string') return named;
  if (r.roles.includes('customer')) return r.caller.customerId;
  throw problems.invalidBody([{ field: from, message: 'names the customer: staff acting for a customer must name them' }]);
}

const customerGrant = (scope: CustomerScope | undefined, caller: Caller): Grant | undefined => {
  if (!scope) return undefined;
  if (caller.scope?.managerId && scope.managerIds.includes(caller.scope.managerId)) return 'PORTFOLIO';
  if (caller.scope?.branchId && scope.branchIds.includes(caller.scope.branchId)) return 'BRANCH';
  return undefined;
};

export async function decideAccess(r: NeedToKnowRequest, facts: ScopeFacts): Promise<AccessDecision> {
  const { use, caller } = r;
  const subject = use.subject;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

  // Looked up once, and only when a role needs it.
  const fromBody = subject.kind === 'customer' ? subject.from : undefined;
  let customerId =
    subject.kind === 'customer'
      ? fromBody
        ? customerNamedInBody(r, fromBody)
        : str(r.params[r.customerPathParam ?? 'customerId'])
      : subject.kind === 'self'
        ? caller.customerId
        : undefined;
  let complaint: ComplaintScope | undefined | null = null;
  const complaintScope = async () => {
    if (complaint === null) {
      complaint = subject.kind === 'complaint' ? await facts.complaint?.(str(r.params[subject.param]) ?? '') : undefined;
      if (complaint) customerId = complaint.customerId;
    }
    return complaint;
  };
  let erasureCustomer: string | undefined | null = null;
  const erasureRequestCustomer = async () => {
    if (erasureCustomer === null) {
      erasureCustomer = subject.kind === 'erasureRequest' && subject.param ? await facts.erasureRequest?.(str(r.params[subject.param]) ?? '') : undefined;
      if (erasureCustomer !== undefined) customerId = erasureCustomer;
    }
    return erasureCustomer;
  };
  let customer: CustomerScope | undefined | null = null;
  const customerScope = async () => {
    if (customer === null) {
      const id = subject.kind === 'complaint' ? (await complaintScope())?.customerId : customerId;
      customer = id === undefined ? undefined : await facts.customer?.(id);
    }
    return customer;
  };

  const grantOf = async (role: Role): Promise<Grant | undefined> => {
    switch (role) {
      case 'customer':
        if (subject.kind === 'self') return caller.customerId ? 'OWN' : undefined;
        if (subject.kind === 'customer') return customerId !== undefined && customerId === caller.customerId ? 'OWN' : undefined;
        if (subject.kind === 'complaint') return (await complaintScope())?.customerId === caller.customerId && caller.customerId ? 'OWN' : undefined;
        return undefined;
      case 'relationship-manager':
        if (subject.kind === 'customer' || subject.kind === 'complaint') return customerGrant(await customerScope(), caller);
        if (subject.kind === 'list' && subject.branchQuery) {
          const branch = str(r.query[subject.branchQuery]);
          return branch !== undefined && branch === caller.scope?.branchId ? 'BRANCH' : undefined;
        }
        return undefined;
      case 'complaint-handler': {
        if (subject.kind === 'customer' && subject.intake) return (await customerScope()) ? 'INTAKE' : undefined;
        const queue = subject.kind === 'queue' ? str(r.params[subject.param]) : subject.kind === 'complaint' ? (await complaintScope())?.queue : undefined;
        return queue !== undefined && (caller.scope?.queues ?? []).includes(queue) ? 'QUEUE' : undefined;
      }
      case 'admin':
        if (subject.kind === 'customer' && subject.intake) return (await customerScope()) ? 'INTAKE' : undefined;
        if (subject.kind === 'queue') return 'SUPERVISOR';
        if (subject.kind === 'complaint') return (await complaintScope()) ? 'SUPERVISOR' : undefined;
        return undefined;
      case 'analyst':
        return use.pseudonymised ? 'PSEUDONYMISED' : undefined;
      case 'compliance':
        if (subject.kind !== 'erasureRequest') return undefined;
        return !subject.param || (await erasureRequestCustomer()) !== undefined ? 'COMPLIANCE' : undefined;
      default:
        return undefined;
    }
  };

  // A full grant from any role the caller holds beats a pseudonymised one.
  let pseudonymisedRole: Role | undefined;
  for (const role of r.roles) {
    const grant = await grantOf(role);
    if (grant === 'PSEUDONYMISED') pseudonymisedRole ??= role;
    else if (grant) return { grant, role, view: 'FULL', ...known(customerId), ...reasonOf(r) };
  }
  const staffRole = r.roles.find((role) => role !== 'customer');
  if (r.breakGlassReason !== undefined && staffRole) {
    // Break-glass reaches what exists: an unknown complaint is still a 404 (the route finds no customer).
    if (subject.kind === 'complaint') await complaintScope();
    if (subject.kind === 'erasureRequest') await erasureRequestCustomer();
    // A customer named in the body is not looked up by the route (a complaint filed): the decision does.
    if (fromBody && !(await customerScope())) throw notFound(use);
    return { grant: 'BREAK_GLASS', role: staffRole, view: 'FULL', ...known(customerId), reason: r.breakGlassReason };
  }
  if (pseudonymisedRole) return { grant: 'PSEUDONYMISED', role: pseudonymisedRole, view: 'PSEUDONYMISED', ...known(customerId), ...reasonOf(r) };
  throw notFound(use);
}

const known = (customerId: string | undefined) => (customerId !== undefined ? { customerId } : {});
/** The reason the caller stated, else the purpose the route declares. */
const reasonOf = (r: NeedToKnowRequest) => {
  const reason = r.breakGlassReason ?? r.use.purpose;
  return reason !== undefined ? { reason } : {};
};
