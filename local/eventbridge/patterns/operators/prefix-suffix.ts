import { invalid } from '../errors';
import { isJsonObject, type JsonObject } from '../json';
import { lowerCase, requireIgnoreCaseString } from './equals-ignore-case';
import { ONLY_ONE_KEY, valueMatcher, type Operator } from './types';

export type Side = 'prefix' | 'suffix';

export const fits = (side: Side, value: string, part: string): boolean =>
  side === 'prefix' ? value.startsWith(part) : value.endsWith(part);

const capitalised = (side: Side): string => side[0]!.toUpperCase() + side.slice(1);

// { "prefix": { "equals-ignore-case": "EventB" } } is the only object form either operator accepts.
function ignoreCaseOperand(side: Side, operand: JsonObject): string {
  const keys = Object.keys(operand);
  if (keys.length === 0) invalid(`${capitalised(side)} expression name not found`);
  if (keys[0] !== 'equals-ignore-case') invalid(`Unsupported ${side} pattern: ${keys[0]}`);
  const text = requireIgnoreCaseString(operand['equals-ignore-case']);
  if (keys.length > 1) invalid(ONLY_ONE_KEY);
  return text;
}

function affixOperator(side: Side): Operator {
  return {
    name: side,
    parse(operand) {
      if (isJsonObject(operand)) {
        const part = lowerCase(ignoreCaseOperand(side, operand));
        return valueMatcher((value) => typeof value === 'string' && fits(side, lowerCase(value), part));
      }
      if (typeof operand !== 'string') invalid(`${side} match pattern must be a string`);
      return valueMatcher((value) => typeof value === 'string' && fits(side, value, operand));
    },
  };
}

export const prefix = affixOperator('prefix');
export const suffix = affixOperator('suffix');
