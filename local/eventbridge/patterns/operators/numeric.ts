import { invalid } from '../errors';
import { tokenText } from '../json';
import { assertComparable, toMicros } from '../numbers';
import { TOO_MANY_NUMERIC_ELEMENTS, valueMatcher, type Matcher, type Operator } from './types';

interface Bound {
  readonly micros: number;
  readonly inclusive: boolean;
}

function operandOf(operator: string, operand: unknown): number {
  if (typeof operand !== 'number') invalid(`Value of ${operator === '=' ? 'equals' : operator} must be numeric`);
  return operand;
}

const micros = (value: number): number => toMicros(assertComparable(value))!;

function rangeMatcher(lower: Bound | undefined, upper: Bound | undefined): Matcher {
  return valueMatcher((value) => {
    if (typeof value !== 'number') return false;
    const actual = toMicros(value);
    if (actual === undefined) return false;
    if (lower && (lower.inclusive ? actual < lower.micros : actual <= lower.micros)) return false;
    if (upper && (upper.inclusive ? actual > upper.micros : actual >= upper.micros)) return false;
    return true;
  });
}

// [">", 0, "<=", 5]: only a lower bound may be followed by an upper bound.
function parseRange(terms: unknown[], bottom: number, inclusiveBottom: boolean): Matcher {
  const [, , second, topOperand] = terms;
  if (typeof second !== 'string') invalid(`Bad value in numeric range: ${tokenText(second)}`);
  if (second !== '<' && second !== '<=') invalid(`Bad numeric range operator: ${second}`);
  const top = operandOf(second, topOperand);
  if (terms.length > 4) invalid('Too many terms in numeric range expression');
  const lower = { micros: micros(bottom), inclusive: inclusiveBottom };
  const upper = { micros: micros(top), inclusive: second === '<=' };
  if (lower.micros >= upper.micros) invalid('Bottom must be less than top');
  return rangeMatcher(lower, upper);
}

function parseTerms(terms: unknown[]): Matcher {
  const [operator, operand] = terms;
  if (typeof operator !== 'string') invalid(`Invalid member in numeric match: ${tokenText(operator)}`);
  if (!['=', '<', '<=', '>', '>='].includes(operator)) invalid(`Unrecognized numeric range operator: ${operator}`);
  const value = operandOf(operator, operand);
  const inclusive = operator.length === 2 || operator === '=';
  if (operator === '>' || operator === '>=') {
    if (terms.length > 2) return parseRange(terms, value, inclusive);
    return rangeMatcher({ micros: micros(value), inclusive }, undefined);
  }
  if (terms.length > 2) invalid(TOO_MANY_NUMERIC_ELEMENTS);
  const bound = { micros: micros(value), inclusive };
  return rangeMatcher(operator === '<' || operator === '<=' ? undefined : bound, bound);
}

/** Compares JSON numbers only (never numeric strings), to six decimal places, within ±5e9. */
export const numeric: Operator = {
  name: 'numeric',
  extraKeyReason: TOO_MANY_NUMERIC_ELEMENTS,
  parse(operand) {
    if (!Array.isArray(operand)) invalid('Value of numeric must be an array.');
    return parseTerms(operand);
  },
};
