import { invalid } from '../errors';
import { valueMatcher, type Operator } from './types';

/** A wildcard pattern: the literal text between its unescaped '*' characters. */
export interface Glob {
  readonly source: string;
  readonly literals: readonly string[];
}

// EventBridge reports positions as UTF-8 byte offsets in the quoted JSON string, hence the + 1.
const position = (text: string, index: number): number => Buffer.byteLength(text.slice(0, index)) + 1;

/** '*' matches any run of characters; '\*' is a literal star and '\\' a literal backslash. */
export function parseGlob(source: string): Glob {
  const literals: string[] = [];
  let literal = '';
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '*') {
      if (source[i + 1] === '*') invalid(`Consecutive wildcard characters at pos ${position(source, i)}`);
      literals.push(literal);
      literal = '';
    } else if (char === '\\') {
      const next = source[i + 1];
      if (next !== '*' && next !== '\\') invalid(`Invalid escape character at pos ${position(source, i)}`);
      literal += next;
      i++;
    } else {
      literal += char;
    }
  }
  literals.push(literal);
  return { source, literals };
}

/** Anchored at both ends; the literals between stars are found left to right, which is exact for '*'-only globs. */
export function globMatches(glob: Glob, value: string): boolean {
  const { literals } = glob;
  const first = literals[0]!;
  if (literals.length === 1) return value === first;
  const last = literals[literals.length - 1]!;
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let from = first.length;
  for (let i = 1; i < literals.length - 1; i++) {
    const literal = literals[i]!;
    const at = value.indexOf(literal, from);
    if (at < 0 || at + literal.length > end) return false;
    from = at + literal.length;
  }
  return true;
}

export function requireWildcardString(operand: unknown): string {
  return typeof operand === 'string' ? operand : invalid('wildcard match pattern must be a string');
}

export const wildcard: Operator = {
  name: 'wildcard',
  parse(operand) {
    const glob = parseGlob(requireWildcardString(operand));
    return valueMatcher((value) => typeof value === 'string' && globMatches(glob, value), glob);
  },
};
