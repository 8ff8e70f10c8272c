// The initial-load routes (admin): start or resume a load of a manifest, read its progress.
import { defineRoute } from './route-contract';
import { LoadPath, LoadView, StartLoadBody } from './loads';

const ADMIN = ['admin'] as const;
const rolesLine = (roles: readonly string[]) => `\n\nRoles: ${roles.join(', ')}.`;

export const postLoad = defineRoute({
  operationId: 'startLoad',
  method: 'POST',
  path: '/admin/loads',
  summary: 'Load an existing customer base from export files',
  description:
    'Reads the manifest, cuts its files into ranges and queues them for the load workers; live events keep flowing. Naming the id of a load that is not finished resumes it from its checkpoints (202); a finished one gives 409. Poll the Location.' +
    rolesLine(ADMIN),
  tags: ['admin'],
  access: { kind: 'roles', roles: ADMIN },
  request: { body: StartLoadBody },
  responses: { 202: { description: 'Started or resumed.', schema: LoadView } },
});

export const getLoad = defineRoute({
  operationId: 'getLoad',
  method: 'GET',
  path: '/admin/loads/{loadId}',
  summary: "A load's progress: state, files and lines done, lines rejected, rate, time left",
  description: 'Time left is estimated from the bytes read so far.' + rolesLine(ADMIN),
  tags: ['admin'],
  access: { kind: 'roles', roles: ADMIN },
  request: { path: LoadPath },
  responses: { 200: { description: 'The load.', schema: LoadView } },
});

export const loadRoutes = [postLoad, getLoad] as const;
