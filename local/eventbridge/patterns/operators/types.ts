import type { LeafValue } from '../json';
import type { Glob } from './wildcard';

/** Decides one leaf value of the event (a string, number, boolean or null; never an object or array). */
export type ValueTest = (value: LeafValue) => boolean;

/** What one element of a field's list in a pattern stands for. */
export type Matcher =
  | { readonly kind: 'value'; readonly test: ValueTest; readonly wildcard?: Glob }
  | { readonly kind: 'exists'; readonly exists: boolean };

/** A match expression such as { "prefix": "us-" }: its operand is validated and compiled once. */
export interface Operator {
  readonly name: string;
  parse(operand: unknown): Matcher;
  /** EventBridge's reason when the expression object has a second key (it differs between operators). */
  readonly extraKeyReason?: string;
}

export const ONLY_ONE_KEY = 'Only one key allowed in match expression';
export const TOO_MANY_NUMERIC_ELEMENTS = 'Too many elements in numeric expression';

export const valueMatcher = (test: ValueTest, wildcard?: Glob): Matcher =>
  wildcard ? { kind: 'value', test, wildcard } : { kind: 'value', test };
