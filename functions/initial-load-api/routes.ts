// The initial-load routes bound to what answers them.
import { randomUUID } from 'node:crypto';
import { PROBLEM_TYPES } from '../../shared/contracts/api/problem';
import { getLoad, postLoad } from '../../shared/contracts/api/load-routes';
import { HttpProblem, problems } from '../../shared/http/problems';
import { bindRoute, type RouteBinding } from '../../shared/http/route-binding';
import type { LoadStore } from '../../shared/initial-load/adapters/load-store';
import { loadProgress } from '../../shared/initial-load/domain/load-progress';
import { startLoad, type StartLoadDeps } from '../../shared/initial-load/use-cases/start-load';

export type LoadApiDeps = StartLoadDeps & { store: LoadStore };

export const loadApiBindings = (deps: LoadApiDeps): RouteBinding[] => [
  bindRoute(postLoad).to(async ({ body }) => {
    const loadId = body.loadId ?? `${deps.now().toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`;
    const result = await startLoad(deps, { manifestKey: body.manifestKey, loadId });
    if (result.kind === 'invalid') throw problems.invalidBody(result.issues);
    if (result.kind === 'finished') throw new HttpProblem({ type: PROBLEM_TYPES.plain, title: 'Conflict', status: 409, detail: 'This load has completed: start a new one to load again.' });
    const load = (await deps.store.load(loadId))!;
    return { status: 202, body: loadProgress(load, await deps.store.ranges(loadId), deps.now()), headers: { Location: `/admin/loads/${loadId}` } };
  }),

  bindRoute(getLoad).to(async ({ params }) => {
    const load = await deps.store.load(params.loadId);
    if (!load) throw problems.notFound('No load with this id.');
    return { status: 200, body: loadProgress(load, await deps.store.ranges(params.loadId), deps.now()) };
  }),
];
