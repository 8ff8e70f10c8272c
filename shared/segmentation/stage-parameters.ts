// The stage's segmentation parameters reach the functions as JSON in SEGMENT_PARAMETERS (set by the
// infrastructure from infra/stage-config.ts), validated at cold start so a bad deployment fails fast.
import { DEFAULT_SEGMENT_PARAMETERS, parseSegmentParameters, type SegmentParameters } from '../domain/segment-parameters';

export function stageSegmentParameters(raw = process.env.SEGMENT_PARAMETERS): SegmentParameters {
  if (!raw) return DEFAULT_SEGMENT_PARAMETERS;
  const parsed = parseSegmentParameters(JSON.parse(raw));
  if (!parsed.ok) throw new Error(`SEGMENT_PARAMETERS is invalid: ${parsed.error.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  return parsed.value;
}

/** What a stage configures about segmentation (infra/stage-config.ts). */
export type SegmentationStageConfig = {
  /** The parameters in force until an admin saves others through the API. */
  parameters: SegmentParameters;
  /** EventBridge schedule expression of the recalibration, e.g. cron(0 18 * * ? *) (02:00 in Shanghai). */
  recalibrationSchedule: string;
  /** Parallel scan segments of the segment index: more for a bigger base (each is one worker at a time). */
  scanSegments: number;
  /** How the table's stream feeds re-evaluation (docs/first-run.md: freshness against cost). */
  reevaluationStream: ReevaluationStreamConfig;
};

/**
 * The re-evaluation's stream event source mapping. One batch re-evaluates each customer it names once,
 * however many of their items changed: a longer window and a larger batch coalesce more of a customer's
 * events into one evaluation (fewer reads and writes per event), and leave a segment up to the window
 * staler after a burst.
 */
export type ReevaluationStreamConfig = {
  /** Records per batch, 1 to 10,000. */
  batchSize: number;
  /** Seconds Lambda gathers records before invoking, 0 to 300. */
  maxBatchingWindowSeconds: number;
  /** Concurrent batches per shard, 1 to 10 (order still holds per customer). */
  parallelizationFactor: number;
};

/**
 * Both stages' values (issue 16, docs/first-run.md). A batch evaluates each customer it names once, so
 * a batch of 1,000 records (a few hundred customers) replaces ten batches of 100 that each evaluated
 * the same busy customers again; the window stays at 5 s, so a segment is never more than about 5 s
 * plus one batch's work behind its figures. The earlier "re-evaluation made no request with large
 * batches" was the local runtime declaring the stack idle while a batch waited out its window.
 */
export const DEFAULT_REEVALUATION_STREAM: ReevaluationStreamConfig = { batchSize: 1000, maxBatchingWindowSeconds: 5, parallelizationFactor: 1 };

export const defaultSegmentationStage = (
  overrides: Partial<Omit<SegmentationStageConfig, 'reevaluationStream'>> & { reevaluationStream?: Partial<ReevaluationStreamConfig> } = {},
): SegmentationStageConfig => ({
  parameters: DEFAULT_SEGMENT_PARAMETERS,
  recalibrationSchedule: 'cron(0 18 * * ? *)',
  scanSegments: 8,
  ...overrides,
  reevaluationStream: { ...DEFAULT_REEVALUATION_STREAM, ...overrides.reevaluationStream },
});
