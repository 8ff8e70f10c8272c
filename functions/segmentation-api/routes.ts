// The segmentation routes bound to what answers them: read, 404 if nothing, shape.
import type { SegmentConfigStore } from '../../shared/adapters/segment-config';
import type { SegmentIndexStore } from '../../shared/adapters/segment-index-store';
import type { SegmentRoster } from '../../shared/adapters/segment-roster';
import type { SegmentStore } from '../../shared/adapters/segment-store';
import type { WorkQueue } from '../../shared/adapters/segment-work-queue';
import { PROBLEM_TYPES } from '../../shared/contracts/api/problem';
import {
  getCustomerSegment,
  getMyServiceTier,
  getSegmentAnalytics,
  getRecalibration,
  getSegmentationParameters,
  listRelationshipManagers,
  postRecalibration,
  listSegmentCustomers,
  putRelationshipManager,
  putSegmentationParameters,
  removeRelationshipManager,
} from '../../shared/contracts/api/segment-routes';
import { parseSegmentParameters } from '../../shared/domain/segment-parameters';
import { customerServiceTier } from '../../shared/domain/service-entitlements';
import { startRecalibration } from '../../shared/segmentation/recalibration';
import { HttpProblem, problems } from '../../shared/http/problems';
import { bindRoute, type RouteBinding } from '../../shared/http/route-binding';
import { segmentCustomersPage } from './segment-customers';
import { customerSegmentView, managerView, recalibrationView, segmentAnalytics } from './segment-views';

export type SegmentationApiDeps = {
  /** Parallel scan segments of a recalibration run (the stage's, as the schedule uses). */
  scanSegments: number;
  store: SegmentStore;
  index: SegmentIndexStore;
  config: SegmentConfigStore;
  roster: SegmentRoster;
  queue: WorkQueue;
  now: () => Date;
};

const conflict = (detail: string) => new HttpProblem({ type: PROBLEM_TYPES.plain, title: 'Conflict', status: 409, detail });

export const segmentationApiBindings = (deps: SegmentationApiDeps): RouteBinding[] => [
  bindRoute(getCustomerSegment).to(async ({ params }) => {
    const [{ assignment, history }, { contributions }] = await Promise.all([
      deps.store.assignmentWithHistory(params.customerId),
      deps.store.contributionsAndLoans(params.customerId),
    ]);
    if (!assignment) throw problems.notFound('This customer has no segment yet.');
    return { status: 200, body: customerSegmentView(assignment, history, contributions) };
  }),

  bindRoute(getMyServiceTier).to(async ({ caller }) => {
    const [assignment, config] = await Promise.all([deps.store.assignment(caller.customerId!), deps.config.current()]);
    return { status: 200, body: customerServiceTier(assignment?.segment ?? 'STANDARD', config.parameters.serviceLevels) };
  }),

  bindRoute(listSegmentCustomers).to(async ({ params, query }) => ({
    status: 200,
    body: await segmentCustomersPage(deps.index, params.segment, query),
  })),

  bindRoute(getSegmentAnalytics).to(async () => {
    const [snapshot, config] = await Promise.all([deps.index.analytics(), deps.config.current()]);
    return { status: 200, body: { asOf: snapshot?.asOf ?? null, currency: config.parameters.currency.reportingCurrency, ...segmentAnalytics(snapshot?.aggregates ?? {}) } };
  }),

  bindRoute(listRelationshipManagers).to(async ({ params }) => ({
    status: 200,
    body: { branchId: params.branchId, managers: (await deps.store.roster(params.branchId)).map(managerView) },
  })),

  bindRoute(putRelationshipManager).to(async ({ params, body }) => {
    const manager = await deps.roster.put(params.branchId, params.managerId, body);
    // New room in the branch: MVC customers waiting in the team queue get a named manager.
    await deps.queue.send([{ kind: 'MANAGER_AVAILABLE', branchId: params.branchId }]);
    return { status: 200, body: managerView(manager) };
  }),

  bindRoute(removeRelationshipManager).to(async ({ params }) => {
    const left = await deps.roster.leave(params.branchId, params.managerId);
    if (!left) throw problems.notFound('No such relationship manager in this branch.');
    await deps.queue.send([{ kind: 'MANAGER_LEFT', managerId: params.managerId, branchId: params.branchId }]);
    return { status: 202, body: managerView(left) };
  }),

  bindRoute(getSegmentationParameters).to(async () => {
    const c = await deps.config.current({ fresh: true });
    return {
      status: 200,
      body: { parameters: c.parameters, source: c.parametersSource, version: c.parametersVersion, percentileMinor: c.percentileMinor, calibratedAt: c.calibratedAt },
    };
  }),

  bindRoute(putSegmentationParameters).to(async ({ body }) => {
    const parsed = parseSegmentParameters(body.parameters);
    if (!parsed.ok) throw problems.invalidBody(parsed.error.map((i) => ({ field: `body.parameters.${i.field}`, message: i.message })));
    if (!(await deps.config.saveParameters(parsed.value, body.expectedVersion, deps.now().toISOString()))) {
      throw conflict('The parameters were changed since the version you read: read them again and reapply your edit.');
    }
    const c = await deps.config.current({ fresh: true });
    return {
      status: 200,
      body: { parameters: c.parameters, source: c.parametersSource, version: c.parametersVersion, percentileMinor: c.percentileMinor, calibratedAt: c.calibratedAt },
    };
  }),

  bindRoute(postRecalibration).to(async () => {
    const runId = deps.now().toISOString();
    const { started } = await startRecalibration(deps, runId, deps.scanSegments, runId);
    if (!started) throw conflict('A recalibration was started at this very instant: read it at its Location.');
    const run = await deps.index.run(runId);
    return { status: 202, body: recalibrationView(run!), headers: { Location: `/admin/segmentation-recalibrations/${runId}` } };
  }),

  bindRoute(getRecalibration).to(async ({ params }) => {
    const run = await deps.index.run(params.runId);
    if (!run) throw problems.notFound('No recalibration run with this id.');
    return { status: 200, body: recalibrationView(run) };
  }),
];
