import { invalid } from '../errors';
import { isJsonObject, type JsonObject, type LeafValue } from '../json';
import { assertComparable, numbersEqual } from '../numbers';
import { lowerCase } from './equals-ignore-case';
import { fits } from './prefix-suffix';
import { globMatches, parseGlob, requireWildcardString } from './wildcard';
import { TOO_MANY_NUMERIC_ELEMENTS, valueMatcher, type Matcher, type Operator } from './types';

const SINGLE_OR_ARRAY = 'Value of anything-but must be an array or single string/number value.';

// A string-shaped exclusion ({ "prefix": "us-" }, a wildcard, ...) builds one of these per listed string.
type Exclusion = (value: string) => boolean;

const NESTED: Record<string, (text: string) => Exclusion> = {
  prefix: (text) => (value) => fits('prefix', value, text),
  suffix: (text) => (value) => fits('suffix', value, text),
  'equals-ignore-case': (text) => {
    const lowered = lowerCase(text);
    return (value) => lowerCase(value) === lowered;
  },
  wildcard: (text) => {
    const glob = parseGlob(text);
    return (value) => globMatches(glob, value);
  },
};

function nestedText(operator: string, item: unknown): string {
  if (operator === 'wildcard') return requireWildcardString(item);
  if (typeof item !== 'string') {
    invalid(
      operator === 'equals-ignore-case'
        ? 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'
        : 'prefix/suffix match pattern must be a string',
    );
  }
  if (item === '' && (operator === 'prefix' || operator === 'suffix')) invalid('Null prefix/suffix not allowed');
  return item;
}

// { "anything-but": { "prefix" | "suffix" | "equals-ignore-case" | "wildcard": string | string[] } }
function nestedExclusion(operand: JsonObject): Matcher {
  const keys = Object.keys(operand);
  if (keys.length === 0) invalid('Anything-But expression name not found');
  const operator = keys[0]!;
  const build = Object.hasOwn(NESTED, operator) ? NESTED[operator] : undefined;
  if (!build) invalid(`Unsupported anything-but pattern: ${operator}`);
  const inner = operand[operator];
  if (!Array.isArray(inner) && typeof inner !== 'string' && typeof inner !== 'number') invalid(SINGLE_OR_ARRAY);
  const exclusions = (Array.isArray(inner) ? inner : [inner]).map((item) => build(nestedText(operator, item)));
  if (keys.length > 1) invalid(TOO_MANY_NUMERIC_ELEMENTS);
  // Only strings can be excluded this way: a number, boolean or null in the event is "anything but".
  return valueMatcher((value) => typeof value !== 'string' || !exclusions.some((excluded) => excluded(value)));
}

function excludedValues(operand: unknown): string[] | number[] {
  if (typeof operand === 'string') return [operand];
  if (typeof operand === 'number') return [assertComparable(operand)];
  if (!Array.isArray(operand)) invalid(SINGLE_OR_ARRAY);
  for (const item of operand) {
    if (typeof item !== 'string' && typeof item !== 'number') {
      invalid('Inside anything but list, start|null|boolean is not supported.');
    }
    if (typeof item === 'number') assertComparable(item);
  }
  const strings = operand.filter((item): item is string => typeof item === 'string');
  if (strings.length === operand.length && strings.length > 0) return strings;
  if (strings.length === 0 && operand.length > 0) return operand as number[];
  return invalid('Inside anything but list, either all values are number or string, mixed type is not supported');
}

function isExcluded(excluded: string[] | number[], value: LeafValue): boolean {
  if (typeof value === 'string') return (excluded as unknown[]).includes(value);
  if (typeof value === 'number') return excluded.some((item) => typeof item === 'number' && numbersEqual(item, value));
  return false;
}

/** Matches any value present in the event (null included) except those listed; a missing field never matches. */
export const anythingBut: Operator = {
  name: 'anything-but',
  extraKeyReason: TOO_MANY_NUMERIC_ELEMENTS,
  parse(operand) {
    if (isJsonObject(operand)) return nestedExclusion(operand);
    const excluded = excludedValues(operand);
    return valueMatcher((value) => !isExcluded(excluded, value));
  },
};
