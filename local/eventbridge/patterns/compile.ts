import { expandBranches, type Branch, type LeafRule } from './branches';
import { isJsonObject, isLeafValue, ownField, parseIfText, type JsonObject, type LeafValue } from './json';
import type { ValueTest } from './operators';
import { parsePattern } from './validate';

interface CompiledNode {
  /** True when the node only asks for absent fields: then every element of an event array must comply. */
  readonly absenceOnly: boolean;
  readonly checks: readonly ((object: JsonObject) => boolean)[];
}

/** Arrays in the event stand for each of their elements; objects are not leaf values. */
function someLeaf(value: unknown, test: ValueTest): boolean {
  if (Array.isArray(value)) return value.some((element) => someLeaf(element, test));
  return isLeafValue(value) && test(value);
}

const anyLeaf: ValueTest = () => true;

function leafCheck(key: string, rule: LeafRule): (object: JsonObject) => boolean {
  if (rule.kind === 'absent') return (object) => !someLeaf(ownField(object, key), anyLeaf);
  const [only] = rule.tests;
  const test: ValueTest = rule.tests.length === 1 ? only! : (value: LeafValue) => rule.tests.some((t) => t(value));
  return (object) => someLeaf(ownField(object, key), test);
}

/**
 * Matches a node against one event value. An array must have one element that satisfies the whole node,
 * so conditions on sibling fields hold in the same element, as EventBridge requires; a node that only
 * asks for absence instead needs the field to be absent from every element.
 */
function matchNode(node: CompiledNode, value: unknown): boolean {
  if (Array.isArray(value)) {
    return node.absenceOnly
      ? value.every((element) => matchNode(node, element))
      : value.some((element) => matchNode(node, element));
  }
  if (!isJsonObject(value)) return node.absenceOnly;
  return node.checks.every((check) => check(value));
}

function compileBranch(branch: Branch): CompiledNode {
  const checks: ((object: JsonObject) => boolean)[] = [];
  let absenceOnly = true;
  for (const [key, rule] of branch.leaves) {
    absenceOnly &&= rule.kind === 'absent';
    checks.push(leafCheck(key, rule));
  }
  for (const [key, child] of branch.children) {
    const node = compileBranch(child);
    absenceOnly &&= node.absenceOnly;
    checks.push((object) => matchNode(node, ownField(object, key)));
  }
  return { absenceOnly, checks };
}

/** Compile once (rules are evaluated for every event), then match many events. Throws on an invalid pattern. */
export function compilePattern(pattern: unknown): (event: unknown) => boolean {
  const branches = expandBranches(parsePattern(pattern)).map(compileBranch);
  return (event) => {
    let parsed: unknown;
    try {
      parsed = parseIfText(event);
    } catch {
      return false;
    }
    return branches.some((branch) => matchNode(branch, parsed));
  };
}

/** Convenience: compilePattern(pattern)(event). `event` is the whole EventBridge event (source, detail-type, detail, ...). */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  return compilePattern(pattern)(event);
}
