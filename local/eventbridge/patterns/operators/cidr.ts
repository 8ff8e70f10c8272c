import { invalid } from '../errors';
import { inRange, parseCidr, parseIp } from '../ip';
import { valueMatcher, type Operator } from './types';

/** Matches string values that are IP addresses of the same family inside the block. */
export const cidr: Operator = {
  name: 'cidr',
  parse(operand) {
    // EventBridge's own wording for a non-string cidr operand.
    if (typeof operand !== 'string') invalid('prefix match pattern must be a string');
    const range = parseCidr(operand);
    return valueMatcher((value) => {
      if (typeof value !== 'string') return false;
      const address = parseIp(value);
      return address !== undefined && inRange(address, range);
    });
  },
};
