// The camt ingestion routes bound to the processing records and to the file queue (redrives).
import { PROBLEM_TYPES } from '../../shared/contracts/api/problem';
import { getCamtFile, listCamtFiles, listCamtRejections, redriveCamtFile } from '../../shared/contracts/api/camt-routes';
import { HttpProblem, problems } from '../../shared/http/problems';
import { bindRoute, type RouteBinding } from '../../shared/http/route-binding';
import { totalsOf, type CamtIngestionStore } from '../../shared/iso20022/adapters/camt-ingestion-store';
import { redriveDecision } from '../../shared/iso20022/domain/camt-redrive';
import type { RedriveWork } from '../../shared/iso20022/use-cases/camt-work';
import { fileView, filesAfter, filesCursor, rejectionsAfter, rejectionsCursor, rejectionView } from './camt-pages';

export type CamtApiDeps = {
  store: Pick<CamtIngestionStore, 'get' | 'list' | 'rejectionPage'>;
  /** Sends a redrive to the file queue, where camt-files reads the file again. */
  queueRedrive: (work: RedriveWork) => Promise<void>;
};

const noFile = () => problems.notFound('No camt file or message with this id.');

export const camtApiBindings = (deps: CamtApiDeps): RouteBinding[] => [
  bindRoute(listCamtFiles).to(async ({ query }) => {
    const page = await deps.store.list(query.limit, filesAfter(query.cursor));
    const last = page.files[page.files.length - 1];
    return { status: 200, body: { files: page.files.map(fileView), nextCursor: page.more && last ? filesCursor(last) : null } };
  }),

  bindRoute(getCamtFile).to(async ({ params }) => {
    const record = await deps.store.get(params.fileId);
    if (!record) throw noFile();
    return { status: 200, body: fileView(record) };
  }),

  bindRoute(listCamtRejections).to(async ({ params, query }) => {
    const after = rejectionsAfter(params.fileId, query.cursor);
    if (!(await deps.store.get(params.fileId))) throw noFile();
    const page = await deps.store.rejectionPage(params.fileId, query.limit, after);
    const last = page.rejections[page.rejections.length - 1];
    return {
      status: 200,
      body: { fileId: params.fileId, rejections: page.rejections.map(rejectionView), nextCursor: page.more && last ? rejectionsCursor(params.fileId, last) : null },
    };
  }),

  bindRoute(redriveCamtFile).to(async ({ params }) => {
    const record = await deps.store.get(params.fileId);
    if (!record) throw noFile();
    const decision = redriveDecision(record, totalsOf(record).rejected);
    if (decision.kind === 'refused') throw new HttpProblem({ type: PROBLEM_TYPES.plain, title: 'Conflict', status: 409, detail: decision.detail });
    // A second request before the run starts queues the same run again: camt-files reads it as the
    // same run retried, and the eventIds make the second reading change nothing.
    await deps.queueRedrive({ kind: 'CAMT_REDRIVE', fileId: record.fileId, run: decision.run });
    return { status: 202, body: { fileId: record.fileId, run: decision.run }, headers: { Location: `/admin/camt-files/${record.fileId}` } };
  }),
];
