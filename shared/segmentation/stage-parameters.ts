// The stage's segmentation parameters reach the functions as JSON in SEGMENT_PARAMETERS (set by the
// infrastructure from infra/stage-config.ts), validated at cold start so a bad deployment fails fast.
import { DEFAULT_SEGMENT_PARAMETERS, parseSegmentParameters, type SegmentParameters } from '../domain/segment-parameters';

export function stageSegmentParameters(raw = process.env.SEGMENT_PARAMETERS): SegmentParameters {
  if (!raw) return DEFAULT_SEGMENT_PARAMETERS;
  const parsed = parseSegmentParameters(JSON.parse(raw));
  if (!parsed.ok) throw new Error(`SEGMENT_PARAMETERS is invalid: ${parsed.error.map((e) => `${e.field} ${e.message}`).join('; ')}`);
  return parsed.value;
}
