import { parseIp } from '../ip';
import type { LeafValue } from '../json';
import { numbersEqual } from '../numbers';
import { valueMatcher, type Matcher } from './types';

/**
 * A plain value in a field's list. Types never mix ("3" is not 3), numbers compare as numbers
 * (3 matches 3.0), and a string that is an IP address matches any spelling of that address.
 */
export function exactMatcher(expected: LeafValue): Matcher {
  if (typeof expected === 'number') {
    return valueMatcher((value) => typeof value === 'number' && numbersEqual(value, expected));
  }
  if (typeof expected === 'string') {
    const address = parseIp(expected);
    if (address) {
      return valueMatcher((value) => {
        if (typeof value !== 'string') return false;
        if (value === expected) return true;
        const other = parseIp(value);
        return other !== undefined && other.bits === address.bits && other.value === address.value;
      });
    }
    return valueMatcher((value) => value === expected);
  }
  return valueMatcher((value) => value === expected);
}
