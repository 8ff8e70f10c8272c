import { invalid } from '../errors';
import type { Operator } from './types';

/** Presence of a leaf value; an object, an empty array or a missing field counts as absent. */
export const exists: Operator = {
  name: 'exists',
  parse(operand) {
    if (typeof operand !== 'boolean') invalid('exists match pattern must be either true or false.');
    return { kind: 'exists', exists: operand };
  },
};
