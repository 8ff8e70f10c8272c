import { invalid, InvalidPatternError } from './errors';
import { isJsonObject, isLeafValue, parseIfText, type JsonObject } from './json';
import { exactMatcher, parseMatchExpression, RESERVED_FIELD_NAMES, type Matcher } from './operators';
import type { Glob } from './operators/wildcard';
import { assertWildcardComplexity } from './wildcard-complexity';

/** A validated pattern object, entries in the order they were written (a later path overrides an earlier one). */
export type PatternNode = readonly PatternEntry[];
export type PatternEntry =
  | { readonly kind: 'field'; readonly key: string; readonly matchers: readonly Matcher[] }
  | { readonly kind: 'object'; readonly key: string; readonly node: PatternNode }
  | { readonly kind: 'or'; readonly branches: readonly PatternNode[] };

export type PatternValidation = { ok: true } | { ok: false; message: string };

function parseValueList(list: readonly unknown[]): Matcher[] {
  const matchers = list.map((item) => {
    if (isJsonObject(item)) return parseMatchExpression(item);
    if (isLeafValue(item)) return exactMatcher(item);
    return invalid('Match value must be String, number, true, false, or null');
  });
  if (matchers.length === 0) invalid('Empty arrays are not allowed');
  return matchers;
}

function parseOr(value: unknown): PatternNode[] {
  if (!Array.isArray(value)) invalid('It must be an Array followed with $or.');
  const branches = value.map((branch) =>
    isJsonObject(branch) ? parseObject(branch, true) : invalid('Only JSON object is allowed in array of $or relationship.'),
  );
  if (branches.length < 2) invalid('There must have at least 2 Objects in $or relationship.');
  return branches;
}

function parseObject(object: JsonObject, insideOr: boolean): PatternNode {
  const keys = Object.keys(object);
  if (keys.length === 0) invalid('Empty objects are not allowed');
  return keys.map((key): PatternEntry => {
    const value = object[key];
    if (key === '$or') return { kind: 'or', branches: parseOr(value) };
    if (insideOr && RESERVED_FIELD_NAMES.has(key)) {
      invalid(`${key} is Ruler reserved fieldName which cannot be used inside $or.`);
    }
    if (Array.isArray(value)) return { kind: 'field', key, matchers: parseValueList(value) };
    if (isJsonObject(value)) return { kind: 'object', key, node: parseObject(value, insideOr) };
    return invalid(`"${key}" must be an object or an array`);
  });
}

// Wildcards are weighed per field path, across all "$or" branches, as one rule's state machine holds them.
function wildcardsByPath(node: PatternNode, path: string, into: Map<string, Map<string, Glob>>): void {
  for (const entry of node) {
    if (entry.kind === 'or') entry.branches.forEach((branch) => wildcardsByPath(branch, path, into));
    else if (entry.kind === 'object') wildcardsByPath(entry.node, `${path}${entry.key}.`, into);
    else {
      for (const matcher of entry.matchers) {
        if (matcher.kind !== 'value' || !matcher.wildcard) continue;
        const fieldPath = path + entry.key;
        const globs = into.get(fieldPath) ?? new Map<string, Glob>();
        into.set(fieldPath, globs.set(matcher.wildcard.source, matcher.wildcard));
      }
    }
  }
}

/** Parses and validates a pattern (an object, or JSON text as PutRule takes it); throws InvalidPatternError. */
export function parsePattern(input: unknown): PatternNode {
  let pattern: unknown;
  try {
    pattern = parseIfText(input);
  } catch (error) {
    invalid(`Invalid JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(pattern)) invalid('Filter is not an object');
  const root = parseObject(pattern, false);
  const wildcards = new Map<string, Map<string, Glob>>();
  wildcardsByPath(root, '', wildcards);
  for (const globs of wildcards.values()) assertWildcardComplexity([...globs.values()]);
  return root;
}

/** Validates as EventBridge PutRule / TestEventPattern does. */
export function validatePattern(pattern: unknown): PatternValidation {
  try {
    parsePattern(pattern);
    return { ok: true };
  } catch (error) {
    if (error instanceof InvalidPatternError) return { ok: false, message: error.message };
    throw error;
  }
}
