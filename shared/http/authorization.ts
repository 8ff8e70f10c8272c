// Role and ownership checks. A customer reaches its own records only: asking for another customer's
// gets 404, the same answer as for a customer that does not exist, so it learns nothing.
import type { RouteAccess } from '../contracts/api/route-contract';
import type { Caller } from './caller';
import { HttpProblem, problems } from './problems';

export function authorize(access: RouteAccess, caller: Caller | undefined, pathParams: Record<string, string>): HttpProblem | undefined {
  if (access.kind === 'public') return undefined;
  // API Gateway refuses a missing or invalid token before the function runs; this guards a misconfiguration.
  if (!caller) return problems.unauthorized();

  const granted = caller.roles.filter((role) => access.roles.includes(role));
  const staffGranted = granted.some((role) => role !== 'customer');
  if (staffGranted) return undefined;

  const target = access.customerPathParam ? pathParams[access.customerPathParam] : undefined;
  const isCustomer = caller.roles.includes('customer');
  if (isCustomer && target !== undefined && target !== caller.customerId) return problems.notFound();
  if (granted.length === 0) return problems.forbidden();
  if (!caller.customerId) return problems.forbidden('Your token carries no customerId.');
  return undefined;
}
