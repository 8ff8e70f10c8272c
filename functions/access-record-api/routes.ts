// The access record's routes bound to the reader: query, shape, link the next page by a cursor bound to
// the list it belongs to.
import type { AccessPage, AccessRecordReader } from '../../shared/adapters/access-record-store';
import { listCustomerAccesses, listMyAccesses, listStaffAccesses } from '../../shared/contracts/api/access-record-routes';
import { accessPk, positionKey } from '../../shared/data-protection/access-record';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor';
import { problems } from '../../shared/http/problems';
import { bindRoute, type RouteBinding } from '../../shared/http/route-binding';
import { complianceEntry, customerEntry } from './access-views';

export type AccessRecordApiDeps = { reader: Pick<AccessRecordReader, 'byCustomer' | 'byStaff'> };

/**
 * The position of a cursor of this list, checked for the shape of the record's keys and, in a customer's
 * list, for that customer's partition (DynamoDB refuses a start key outside the queried partition: a 500
 * if a signed position ever named another): a forged one is a 400.
 */
function positionOf(cursor: string | undefined, scope: string, customerId?: string) {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor, scope);
  const key = position === undefined ? undefined : positionKey(position);
  if (!key || (customerId !== undefined && key.PK !== accessPk(customerId))) throw problems.invalidRequest([{ field: 'query.cursor', message: 'is not a cursor of this list' }]);
  return position;
}

const next = (page: AccessPage, scope: string) => (page.resumeAfter ? encodeCursor(page.resumeAfter, scope) : null);

export const accessRecordApiBindings = ({ reader }: AccessRecordApiDeps): RouteBinding[] => [
  bindRoute(listCustomerAccesses).to(async ({ params, query }) => {
    const scope = ['customer', params.customerId].join('\u0000');
    const startAfter = positionOf(query.cursor, scope, params.customerId);
    const page = await reader.byCustomer(params.customerId, { limit: query.limit, ...(startAfter ? { startAfter } : {}) });
    return { status: 200, body: { entries: page.entries.map(complianceEntry), nextCursor: next(page, scope) } };
  }),

  bindRoute(listStaffAccesses).to(async ({ params, query }) => {
    const scope = ['staff', params.staffRef].join('\u0000');
    const startAfter = positionOf(query.cursor, scope);
    const page = await reader.byStaff(params.staffRef, { limit: query.limit, ...(startAfter ? { startAfter } : {}) });
    return { status: 200, body: { entries: page.entries.map(complianceEntry), nextCursor: next(page, scope) } };
  }),

  bindRoute(listMyAccesses).to(async ({ caller, query }) => {
    // authorize() lets a customer through only with a customerId in its token.
    const customerId = caller.customerId!;
    const scope = ['me', customerId].join('\u0000');
    const startAfter = positionOf(query.cursor, scope, customerId);
    const page = await reader.byCustomer(customerId, { limit: query.limit, staffOnly: true, ...(startAfter ? { startAfter } : {}) });
    return { status: 200, body: { entries: page.entries.map(customerEntry), nextCursor: next(page, scope) } };
  }),
];
