import type { Matcher, ValueTest } from './operators';
import type { PatternNode } from './validate';

/** One field's condition within a branch: some leaf value passes a test, or no leaf value is there at all. */
export type LeafRule = { readonly kind: 'some'; readonly tests: readonly ValueTest[] } | { readonly kind: 'absent' };

/** An "$or"-free conjunction of conditions, shaped like the events it matches. */
export interface Branch {
  readonly leaves: ReadonlyMap<string, LeafRule>;
  readonly children: ReadonlyMap<string, Branch>;
}

const EMPTY: Branch = { leaves: new Map(), children: new Map() };
const ANY_VALUE: ValueTest = () => true;

// [ "x", { "exists": false } ] means "x, or absent": two alternatives, as they pin arrays differently.
function leafAlternatives(matchers: readonly Matcher[]): LeafRule[] {
  const tests = matchers.flatMap((m) => (m.kind === 'value' ? [m.test] : m.exists ? [ANY_VALUE] : []));
  const absent = matchers.some((m) => m.kind === 'exists' && !m.exists);
  const rules: LeafRule[] = tests.length > 0 ? [{ kind: 'some', tests }] : [];
  return absent ? [...rules, { kind: 'absent' }] : rules;
}

/** Later conditions on the same path replace earlier ones, as EventBridge keeps the last one it reads. */
function merge(base: Branch, later: Branch): Branch {
  const children = new Map(base.children);
  for (const [key, child] of later.children) {
    const existing = children.get(key);
    children.set(key, existing ? merge(existing, child) : child);
  }
  return { leaves: new Map([...base.leaves, ...later.leaves]), children };
}

const cross = (alternatives: Branch[], additions: Branch[]): Branch[] =>
  alternatives.flatMap((branch) => additions.map((addition) => merge(branch, addition)));

/** Expands "$or" (at any depth) into the alternative branches of the rule, like EventBridge's sub-rules. */
export function expandBranches(node: PatternNode): Branch[] {
  let alternatives = [EMPTY];
  for (const entry of node) {
    if (entry.kind === 'field') {
      const leaves = leafAlternatives(entry.matchers).map((rule) => ({ ...EMPTY, leaves: new Map([[entry.key, rule]]) }));
      alternatives = cross(alternatives, leaves);
    } else if (entry.kind === 'object') {
      const children = expandBranches(entry.node).map((child) => ({ ...EMPTY, children: new Map([[entry.key, child]]) }));
      alternatives = cross(alternatives, children);
    } else {
      alternatives = cross(alternatives, entry.branches.flatMap(expandBranches));
    }
  }
  return alternatives;
}
