// Minimum group size for the figures analysts see (issue 14): a count of 1 to k−1 people is not
// published, directly or as a total less its published parts, so that no figure describes a group small
// enough to point at a customer ("the one complaint about mis-selling received on 3 March").
// docs/data-protection.md says why k is 5 and what this does not protect against. Pure.

/**
 * k: the threshold commonly used in statistical disclosure control of published frequency tables (cells
 * under 5 withheld); a constant, the same in every stage, so that a figure shown in test means the same in
 * prod and no stage setting can quietly lower it.
 */
export const MINIMUM_GROUP_SIZE = 5;

/** A published total and those of its parts that are published; what they do not cover is the remainder. */
export interface Breakdown {
  readonly total: string;
  readonly parts: readonly string[];
}

/**
 * The counts to withhold: every count from 1 to k−1 (zero describes nobody and is shown); then, for each
 * breakdown whose total is shown, if exactly one of its cells is unknown (one withheld part and nothing
 * left over, or no withheld part and a remainder) and it would be read as the total less the rest, the
 * smallest shown non-zero part as well (secondary suppression), until nothing more changes.
 */
export function countsToSuppress(counts: Readonly<Record<string, number>>, breakdowns: readonly Breakdown[], k = MINIMUM_GROUP_SIZE): Set<string> {
  const small = (v: number) => v > 0 && v < k;
  const hidden = new Set(Object.keys(counts).filter((name) => small(counts[name]!)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const { total, parts } of breakdowns) {
      if (hidden.has(total)) continue;
      const remainder = counts[total]! - parts.reduce((sum, p) => sum + counts[p]!, 0);
      const unknown = parts.filter((p) => hidden.has(p)).length;
      const exposed = (unknown === 1 && remainder === 0) || (unknown === 0 && small(remainder));
      if (!exposed) continue;
      const next = parts.filter((p) => !hidden.has(p) && counts[p]! > 0).sort((a, b) => counts[a]! - counts[b]!)[0] ?? total;
      hidden.add(next);
      changed = true;
    }
  }
  return hidden;
}
