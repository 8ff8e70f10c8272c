import { invalid } from '../errors';
import { valueMatcher, type Operator } from './types';

export const lowerCase = (text: string): string => text.toLowerCase();

export function requireIgnoreCaseString(operand: unknown): string {
  return typeof operand === 'string' ? operand : invalid('equals-ignore-case match pattern must be a string');
}

export const equalsIgnoreCase: Operator = {
  name: 'equals-ignore-case',
  parse(operand) {
    const expected = lowerCase(requireIgnoreCaseString(operand));
    return valueMatcher((value) => typeof value === 'string' && lowerCase(value) === expected);
  },
};
