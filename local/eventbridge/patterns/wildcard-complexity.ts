import { invalid } from './errors';
import type { Glob } from './operators/wildcard';

/**
 * EventBridge refuses rules whose wildcards on one field can leave matching in too many states at once.
 * Its exact measure is internal; this one counts the most pattern positions a single input can keep
 * alive, over all wildcard patterns of the field. The limit separates AWS's own examples: it accepts
 * "/Users/*\/dir/dir/dir/dir/dir/doc.txt" (8) and refuses "*:*:*:*:*:event-bus/*" (12).
 */
export const WILDCARD_COMPLEXITY_LIMIT = 10;
const EXPLORATION_CAP = 5_000;

// Pattern positions: a literal character or a star; position === length means fully matched.
type Token = string | typeof STAR;
const STAR = Symbol('star');

const tokensOf = (glob: Glob): Token[] =>
  glob.literals.flatMap((literal, i) => (i === 0 ? [...literal] : [STAR, ...literal]));

function closure(tokens: Token[], positions: Set<number>): Set<number> {
  const result = new Set(positions);
  for (const position of [...result].sort((a, b) => a - b)) {
    for (let p = position; tokens[p] === STAR && !result.has(p + 1); p++) result.add(p + 1);
  }
  return result;
}

function step(tokens: Token[], positions: Set<number>, char: string): Set<number> {
  const next = new Set<number>();
  for (const p of positions) {
    if (tokens[p] === STAR) next.add(p);
    else if (tokens[p] === char) next.add(p + 1);
  }
  return closure(tokens, next);
}

/** Worst case over all inputs of the live (not yet finished) positions, summed over the patterns. */
export function wildcardComplexity(globs: readonly Glob[]): number {
  const patterns = globs.map(tokensOf);
  const alphabet = new Set(['\u0000', ...globs.flatMap((glob) => [...glob.literals.join('')])]);
  const live = (states: Set<number>[]) =>
    states.reduce((n, s, i) => n + [...s].filter((p) => p < patterns[i]!.length).length, 0);
  const key = (states: Set<number>[]) => states.map((s) => [...s].sort((a, b) => a - b).join(',')).join('|');
  const start = patterns.map((tokens) => closure(tokens, new Set([0])));
  const seen = new Set([key(start)]);
  const queue = [start];
  let worst = 0;
  while (queue.length > 0 && seen.size < EXPLORATION_CAP) {
    const states = queue.shift()!;
    for (const char of alphabet) {
      const next = states.map((s, i) => step(patterns[i]!, s, char));
      const k = key(next);
      if (seen.has(k)) continue;
      seen.add(k);
      worst = Math.max(worst, live(next));
      queue.push(next);
    }
  }
  return worst;
}

export function assertWildcardComplexity(globs: readonly Glob[]): void {
  if (globs.length > 0 && wildcardComplexity(globs) > WILDCARD_COMPLEXITY_LIMIT) {
    invalid(
      'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
    );
  }
}
