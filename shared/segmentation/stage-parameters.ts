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
};

export const defaultSegmentationStage = (overrides: Partial<SegmentationStageConfig> = {}): SegmentationStageConfig => ({
  parameters: DEFAULT_SEGMENT_PARAMETERS,
  recalibrationSchedule: 'cron(0 18 * * ? *)',
  scanSegments: 8,
  ...overrides,
});
