// The need-to-know decision (shared/data-protection/need-to-know.ts) on its own: per role and subject,
// the grant or the 404, without HTTP or DynamoDB. The HTTP matrices (tests/integration/api/*-matrix,
// complaints-authorization-matrix) check the same rules through the router and the access record.
import { describe, expect, it } from 'vitest';
import type { PersonalDataUse } from '../../../shared/contracts/api/route-contract';
import type { Role } from '../../../shared/contracts/api/roles';
import { decideAccess, type ScopeFacts } from '../../../shared/data-protection/need-to-know';
import type { Caller } from '../../../shared/http/caller';
import { HttpProblem } from '../../../shared/http/problems';

const scopes: Record<string, { branchIds: string[]; managerIds: string[] }> = {
  'C-BRANCH': { branchIds: ['BR-1'], managerIds: [] },
  'C-PORTFOLIO': { branchIds: ['BR-9'], managerIds: ['RM-7'] },
};
const requests: Record<string, string> = { 'REQ-1': 'C-BRANCH' };
const lookups: string[] = [];
const facts: ScopeFacts = {
  customer: async (id) => (lookups.push(`customer:${id}`), scopes[id]),
  erasureRequest: async (id) => (lookups.push(`erasure:${id}`), requests[id]),
};

const caller = (roles: Role[], extra: Partial<Caller> = {}): Caller => ({ subject: 'sub-1', roles, ...extra });
const manager = caller(['relationship-manager'], { scope: { branchId: 'BR-1', managerId: 'RM-7', queues: [] } });
const farManager = caller(['relationship-manager'], { scope: { branchId: 'BR-5', queues: [] } });

const filing: PersonalDataUse = { subject: { kind: 'customer', from: 'body.customerId', intake: true }, operation: 'change' };
const file = (c: Caller, body: Record<string, unknown>, breakGlassReason?: string) =>
  decideAccess({ use: filing, caller: c, roles: c.roles, params: {}, query: {}, body, ...(breakGlassReason ? { breakGlassReason } : {}) }, facts);

const problemOf = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpProblem);
  return (error as HttpProblem).problem;
};

describe('a customer named in the body (a complaint filed on its behalf)', () => {
  it('grants a relationship manager the customers of their branch and portfolio, and nobody else', async () => {
    expect(await file(manager, { customerId: 'C-BRANCH' })).toMatchObject({ grant: 'BRANCH', role: 'relationship-manager', customerId: 'C-BRANCH', view: 'FULL' });
    expect(await file(manager, { customerId: 'C-PORTFOLIO' })).toMatchObject({ grant: 'PORTFOLIO', customerId: 'C-PORTFOLIO' });
    expect((await problemOf(file(farManager, { customerId: 'C-BRANCH' }))).status).toBe(404);
    expect((await problemOf(file(farManager, { customerId: 'C-NOBODY' }))).status).toBe(404);
  });

  it('lets a manager beyond their scope file under break-glass, for a customer that exists only', async () => {
    expect(await file(farManager, { customerId: 'C-BRANCH' }, 'Customer walked into BR-5 about a card')).toMatchObject({
      grant: 'BREAK_GLASS',
      customerId: 'C-BRANCH',
      reason: 'Customer walked into BR-5 about a card',
    });
    expect((await problemOf(file(farManager, { customerId: 'C-NOBODY' }, 'Customer walked into BR-5 about a card'))).status).toBe(404);
  });

  it('lets complaint handlers (the contact centre) and admins take a complaint for any customer that exists', async () => {
    for (const role of ['complaint-handler', 'admin'] as const) {
      expect(await file(caller([role]), { customerId: 'C-PORTFOLIO' })).toMatchObject({ grant: 'INTAKE', role, customerId: 'C-PORTFOLIO' });
      expect((await problemOf(file(caller([role]), { customerId: 'C-NOBODY' }))).status).toBe(404);
    }
  });

  it('takes a customer filing for itself from its token, and refuses it another customer with 404', async () => {
    const customer = caller(['customer'], { customerId: 'C-SELF' });
    expect(await file(customer, {})).toMatchObject({ grant: 'OWN', customerId: 'C-SELF' });
    expect(await file(customer, { customerId: 'C-SELF' })).toMatchObject({ grant: 'OWN', customerId: 'C-SELF' });
    expect((await problemOf(file(customer, { customerId: 'C-BRANCH' }))).status).toBe(404);
    // A customer's break-glass opens nothing.
    expect((await problemOf(file(customer, { customerId: 'C-BRANCH' }, 'I am allowed to see this one')))).toMatchObject({ status: 404 });
  });

  it('asks staff to name the customer: 422 naming body.customerId', async () => {
    const problem = await problemOf(file(manager, {}));
    expect(problem.status).toBe(422);
    expect(problem.errors?.map((e) => e.field)).toEqual(['body.customerId']);
  });

  it('needs intake declared: on a plain customer subject a complaint handler needs break-glass', async () => {
    const plain: PersonalDataUse = { subject: { kind: 'customer', from: 'body.customerId' }, operation: 'change' };
    const c = caller(['complaint-handler']);
    expect((await problemOf(decideAccess({ use: plain, caller: c, roles: c.roles, params: {}, query: {}, body: { customerId: 'C-BRANCH' } }, facts))).status).toBe(404);
  });
});

describe('erasure requests (compliance)', () => {
  const purpose = 'Reviewing the erasure request';
  const one: PersonalDataUse = { subject: { kind: 'erasureRequest', param: 'requestId' }, operation: 'change', purpose };
  const list: PersonalDataUse = { subject: { kind: 'erasureRequest' }, operation: 'read', purpose };
  const compliance = caller(['compliance']);

  it("grants compliance the request's customer, looked up, with the route's purpose as the reason", async () => {
    expect(await decideAccess({ use: one, caller: compliance, roles: ['compliance'], params: { requestId: 'REQ-1' }, query: {} }, facts)).toEqual({
      grant: 'COMPLIANCE',
      role: 'compliance',
      view: 'FULL',
      customerId: 'C-BRANCH',
      reason: purpose,
    });
    expect(await decideAccess({ use: list, caller: compliance, roles: ['compliance'], params: {}, query: {} }, facts)).toEqual({
      grant: 'COMPLIANCE',
      role: 'compliance',
      view: 'FULL',
      reason: purpose,
    });
  });

  it('answers an unknown request with 404 naming the request, not a customer', async () => {
    const problem = await problemOf(decideAccess({ use: one, caller: compliance, roles: ['compliance'], params: { requestId: 'REQ-NONE' }, query: {} }, facts));
    expect(problem).toMatchObject({ status: 404, detail: 'No erasure request with this id.' });
  });

  it('gives compliance nothing on customer routes', async () => {
    const use: PersonalDataUse = { subject: { kind: 'customer' }, operation: 'read' };
    expect((await problemOf(decideAccess({ use, caller: compliance, roles: ['compliance'], params: { customerId: 'C-BRANCH' }, query: {} }, facts))).status).toBe(404);
  });
});
