// Prints a bearer token for the local API: `npx tsx scripts/token.ts --role <group> [--customer <id>]`.
// Signed with the local key under .local/auth/, the one the local API Gateway verifies with.
import { parseArgs } from 'node:util';
import { CustomerId } from '../shared/contracts/primitives';
import { isRole, ROLES } from '../shared/contracts/api/roles';
import { localTokens } from '../local/apigateway/local-tokens';

const { values } = parseArgs({
  options: {
    role: { type: 'string', multiple: true },
    customer: { type: 'string' },
    subject: { type: 'string' },
    ttl: { type: 'string', default: '3600' },
  },
});

const fail = (message: string): never => {
  console.error(`${message}\nusage: npx tsx scripts/token.ts --role <${ROLES.join('|')}> [--customer <customerId>] [--ttl <seconds>]`);
  process.exit(2);
};

const roles = values.role ?? fail('--role is required');
const unknown = roles.filter((r) => !isRole(r));
if (unknown.length) fail(`unknown role: ${unknown.join(', ')}`);
if (roles.includes('customer') && !values.customer) fail('a customer token needs --customer <customerId>');
if (values.customer && !CustomerId.safeParse(values.customer).success) fail(`not a customerId: ${values.customer}`);
const ttlSeconds = Number(values.ttl);
if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) fail('--ttl must be a positive number of seconds');

console.log(
  localTokens().mint({
    groups: roles.filter(isRole),
    ...(values.customer ? { customerId: values.customer } : {}),
    ...(values.subject ? { subject: values.subject } : {}),
    ttlSeconds,
  }),
);
