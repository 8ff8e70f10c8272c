// POST /admin/loads: a manifest becomes a load — its files sized, cut into ranges, stored, the
// load-in-progress flag raised, one work message per range queued. Naming the id of a load that is not
// finished resumes it: every range not done is queued again and continues from its checkpoint.
import type { FieldIssue } from '../../contracts/validation-issues';
import { fieldIssues } from '../../contracts/validation-issues';
import type { ExportFiles } from '../adapters/export-files';
import type { LoadQueue } from '../adapters/load-work-queue';
import type { LoadStore } from '../adapters/load-store';
import type { StoredLoad } from '../domain/load-progress';
import { planRanges } from '../domain/load-ranges';
import { LoadManifest, resolveFiles } from '../domain/manifest';

export type StartLoadDeps = {
  files: ExportFiles;
  store: LoadStore;
  queue: LoadQueue;
  now: () => Date;
  rangeBytes: number;
  /** Parallel scan segments of the assessment after the load (the recalibration's width). */
  assessSegments: number;
  /** The load fails once more lines than this are rejected, unless its manifest says otherwise. */
  maxRejectedLines: number;
};

export type StartLoadResult =
  | { kind: 'started' | 'resumed'; loadId: string; queued: number }
  | { kind: 'invalid'; issues: FieldIssue[] }
  | { kind: 'finished'; loadId: string };

export async function startLoad(deps: StartLoadDeps, request: { manifestKey: string; loadId: string }): Promise<StartLoadResult> {
  const existing = await deps.store.load(request.loadId);
  if (existing) return resumeLoad(deps, existing);

  const text = await deps.files.text(request.manifestKey);
  if (text === undefined) return { kind: 'invalid', issues: [{ field: 'body.manifestKey', message: 'no such object in the load bucket' }] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', issues: [{ field: 'manifest', message: 'is not JSON' }] };
  }
  const manifest = LoadManifest.safeParse(json);
  if (!manifest.success) return { kind: 'invalid', issues: fieldIssues(manifest.error, 'manifest') };
  const resolved = resolveFiles(manifest.data, request.manifestKey);
  if (!resolved.ok) return { kind: 'invalid', issues: [{ field: `manifest.${resolved.field}`, message: resolved.message }] };

  const sizes = await Promise.all(resolved.files.map((f) => deps.files.size(f.key)));
  const missing = sizes.findIndex((s) => s === undefined);
  if (missing >= 0) return { kind: 'invalid', issues: [{ field: `manifest.files.${missing}.key`, message: 'no such object in the load bucket' }] };
  const files = resolved.files.map((f, i) => ({ ...f, size: sizes[i]! }));
  const ranges = planRanges(files, deps.rangeBytes);

  // Raised before any write of the load, so the stream re-evaluation never sees one of its records first.
  await deps.store.setActive(request.loadId, true);
  const created = await deps.store.create(
    { loadId: request.loadId, manifestKey: request.manifestKey, state: 'LOADING', files, rangesTotal: ranges.length, assessSegments: deps.assessSegments,
      maxRejectedLines: manifest.data.maxRejectedLines ?? deps.maxRejectedLines,
      startedAt: deps.now().toISOString(),
    },
    ranges,
  );
  if (!created) return resumeLoad(deps, (await deps.store.load(request.loadId))!);
  await deps.queue.send(ranges.map((r) => ({ kind: 'RANGE', loadId: request.loadId, range: r.index })));
  return { kind: 'started', loadId: request.loadId, queued: ranges.length };
}

async function resumeLoad(deps: StartLoadDeps, stored: StoredLoad): Promise<StartLoadResult> {
  let load = stored;
  if (load.state === 'COMPLETED') return { kind: 'finished', loadId: load.loadId };
  if (load.state === 'FAILED') {
    // Back to where it failed, its cause fixed (a file put back, a redriven range); ranges keep their checkpoints.
    if (load.failure?.during === 'LOADING') await deps.store.setActive(load.loadId, true);
    await deps.store.reopen(load);
    load = (await deps.store.load(load.loadId))!;
    if (load.state === 'FAILED') return { kind: 'finished', loadId: load.loadId };
  }
  if (load.state === 'ASSESSING') {
    // Assessment is idempotent: every segment again from its start.
    const segments = Array.from({ length: load.assessSegments }, (_, segment) => ({ kind: 'ASSESS', loadId: load.loadId, segment, totalSegments: load.assessSegments }) as const);
    await deps.queue.send(segments);
    return { kind: 'resumed', loadId: load.loadId, queued: segments.length };
  }
  const open = (await deps.store.ranges(load.loadId)).filter((r) => !r.done).map((r) => r.index);
  // Every range done but the load not moved on (stopped in between): one message finishes it.
  const indexes = open.length ? open : [0];
  await deps.queue.send(indexes.map((range) => ({ kind: 'RANGE', loadId: load.loadId, range })));
  return { kind: 'resumed', loadId: load.loadId, queued: indexes.length };
}
