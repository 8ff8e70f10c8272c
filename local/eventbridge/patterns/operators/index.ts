import { invalid } from '../errors';
import type { JsonObject } from '../json';
import { anythingBut } from './anything-but';
import { cidr } from './cidr';
import { equalsIgnoreCase } from './equals-ignore-case';
import { exists } from './exists';
import { numeric } from './numeric';
import { prefix, suffix } from './prefix-suffix';
import { ONLY_ONE_KEY, type Matcher, type Operator } from './types';
import { wildcard } from './wildcard';

export { exactMatcher } from './exact';
export type { Matcher, ValueTest } from './types';

// Operator names are case-sensitive: { "EXISTS": true } is an unknown match type.
const OPERATORS = new Map<string, Operator>(
  [prefix, suffix, equalsIgnoreCase, wildcard, anythingBut, numeric, cidr, exists].map((op) => [op.name, op]),
);

/** Names a field may not have inside "$or", where they would be ambiguous with match expressions. */
export const RESERVED_FIELD_NAMES = new Set([
  ...OPERATORS.keys(),
  'exactly',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

/** A match expression: an object with exactly one operator key, e.g. { "numeric": [">", 0] }. */
export function parseMatchExpression(expression: JsonObject): Matcher {
  const keys = Object.keys(expression);
  if (keys.length === 0) invalid('Match expression name not found');
  const name = keys[0]!;
  const operator = OPERATORS.get(name) ?? invalid(`Unrecognized match type ${name}`);
  const matcher = operator.parse(expression[name]);
  if (keys.length > 1) invalid(operator.extraKeyReason ?? ONLY_ONE_KEY);
  return matcher;
}
