import { describe, expect, it } from 'vitest';
import { compilePattern, InvalidPatternError, validatePattern } from '../../../local/eventbridge/patterns';

// Reasons are worded as EventBridge's InvalidEventPatternException words them
// ("Event pattern is not valid. Reason: ...").
const reasonOf = (pattern: unknown): string | undefined => {
  const result = validatePattern(pattern);
  return result.ok ? undefined : result.message.replace('Event pattern is not valid. Reason: ', '');
};

describe('validatePattern accepts the documented forms', () => {
  // Every example of AWS "Comparison operators for use in event patterns in Amazon EventBridge".
  const valid: Record<string, unknown> = {
    and: { Location: ['New York'], Day: ['Monday'] },
    'anything-but': { state: [{ 'anything-but': 'initializing' }] },
    'anything-but list': { state: [{ 'anything-but': ['stopped', 'overloaded'] }] },
    'anything-but numbers': { 'x-limit': [{ 'anything-but': [100, 200, 300] }] },
    'anything-but prefix': { Region: [{ 'anything-but': { prefix: 'us-' } }] },
    'anything-but suffix': { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    'anything-but ignore case': { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
    'anything-but wildcard': { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    prefix: { Region: [{ prefix: 'us-' }] },
    'prefix ignore case': { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] },
    empty: { LastName: [''] },
    equals: { Name: ['Alice'] },
    'equals ignore case': { Name: [{ 'equals-ignore-case': 'alice' }] },
    suffix: { FileName: [{ suffix: '.png' }] },
    'suffix ignore case': { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] },
    exists: { ProductName: [{ exists: true }] },
    'does not exist': { ProductName: [{ exists: false }] },
    null: { UserID: [null] },
    'numeric equals': { Price: [{ numeric: ['=', 100] }] },
    'numeric range': { Price: [{ numeric: ['>', 10, '<=', 20] }] },
    'numeric limits': { Price: [{ numeric: ['>=', -5e9, '<', 5e9] }] },
    cidr: { SourceIpAddress: [{ cidr: '10.0.0.0/24' }] },
    'cidr v6': { SourceIpAddress: [{ cidr: '2001:db8::/32' }] },
    or: { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] },
    wildcard: { FileName: [{ wildcard: 'dir/*.png' }] },
    'wildcard with escapes': { FileName: [{ wildcard: 'a\\*b\\\\c*' }] },
    'wildcard repeating after a star': { FileName: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }] },
    'operator names as plain fields outside $or': { prefix: ['x'], numeric: { exists: ['y'] } },
    'json text': '{"source": ["aws.ec2"]}',
  };

  for (const [name, pattern] of Object.entries(valid)) {
    it(name, () => expect(validatePattern(pattern)).toEqual({ ok: true }));
  }
});

describe('validatePattern rejects what EventBridge rejects, naming the problem', () => {
  const cases: [string, unknown, string][] = [
    ['a non-object pattern', ['not', 'a', 'dict'], 'Filter is not an object'],
    ['null', null, 'Filter is not an object'],
    ['invalid JSON text', "{'bad': 'quotation'}", 'Invalid JSON'],
    ['an empty pattern', {}, 'Empty objects are not allowed'],
    ['an empty nested object', { detail: {} }, 'Empty objects are not allowed'],
    ['a leaf that is not an array (number)', { int: 42 }, '"int" must be an object or an array'],
    ['a leaf that is not an array (string)', { string: 'my-value' }, '"string" must be an object or an array'],
    ['an empty value list', { resources: [] }, 'Empty arrays are not allowed'],
    ['a nested array as a value', { a: [['x']] }, 'Match value must be String, number, true, false, or null'],
    ['an empty match expression', { a: [{}] }, 'Match expression name not found'],
    ['an unknown operator', { my_key: [{ EXISTS: true }] }, 'Unrecognized match type EXISTS'],
    ['an unknown operator (case)', { detail: { equal: [{ NUMERIC: ['=', 5] }] } }, 'Unrecognized match type NUMERIC'],
    ['two operators in one expression', { a: [{ prefix: 'a', suffix: 'b' }] }, 'Only one key allowed in match expression'],
    ['a prefix that is a list', { time: [{ prefix: ['2022-07-13'] }] }, 'prefix match pattern must be a string'],
    ['a prefix that is a number', { time: [{ prefix: 123 }] }, 'prefix match pattern must be a string'],
    ['a prefix object other than equals-ignore-case', { a: [{ prefix: { suffix: 'x' } }] }, 'Unsupported prefix pattern: suffix'],
    ['a suffix that is a list', { FileName: [{ suffix: ['.png'] }] }, 'suffix match pattern must be a string'],
    ['a suffix ignore-case that is a number', { a: [{ suffix: { 'equals-ignore-case': 1 } }] }, 'equals-ignore-case match pattern must be a string'],
    ['equals-ignore-case with a list', { 'detail-type': [{ 'equals-ignore-case': ['ec2'] }] }, 'equals-ignore-case match pattern must be a string'],
    ['equals-ignore-case with an object', { 'detail-type': [{ 'equals-ignore-case': { prefix: 'ec2' } }] }, 'equals-ignore-case match pattern must be a string'],
    ['exists that is not a boolean', { a: [{ exists: 'true' }] }, 'exists match pattern must be either true or false.'],
    ['anything-but null', { a: [{ 'anything-but': null }] }, 'Value of anything-but must be an array or single string/number value.'],
    ['anything-but with a boolean in its list', { a: [{ 'anything-but': ['a', true] }] }, 'Inside anything but list, start|null|boolean is not supported.'],
    ['anything-but mixing strings and numbers', { a: [{ 'anything-but': ['a', 1] }] }, 'Inside anything but list, either all values are number or string, mixed type is not supported'],
    ['anything-but with an empty list', { a: [{ 'anything-but': [] }] }, 'Inside anything but list, either all values are number or string, mixed type is not supported'],
    ['anything-but with an unknown nested operator', { a: [{ 'anything-but': { numeric: ['>', 1] } }] }, 'Unsupported anything-but pattern: numeric'],
    ['anything-but with an empty nested object', { a: [{ 'anything-but': {} }] }, 'Anything-But expression name not found'],
    ['anything-but prefix that is a number', { state: [{ 'anything-but': { prefix: 123 } }] }, 'prefix/suffix match pattern must be a string'],
    ['anything-but prefix list with a number', { state: [{ 'anything-but': { prefix: [123, 'test'] } }] }, 'prefix/suffix match pattern must be a string'],
    ['anything-but empty prefix', { state: [{ 'anything-but': { prefix: '' } }] }, 'Null prefix/suffix not allowed'],
    ['anything-but prefix ignoring case', { FileName: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'file' } } }] }, 'Value of anything-but must be an array or single string/number value.'],
    ['anything-but equals-ignore-case with numbers', { state: [{ 'anything-but': { 'equals-ignore-case': [123, 456] } }] }, 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'],
    ['anything-but wildcard that is a number', { FilePath: [{ 'anything-but': { wildcard: 123 } }] }, 'wildcard match pattern must be a string'],
    ['anything-but wildcard with "**"', { FilePath: [{ 'anything-but': { wildcard: ['a**'] } }] }, 'Consecutive wildcard characters at pos 2'],
    ['anything-but a number out of range', { a: [{ 'anything-but': 6e9 }] }, 'Value must be between -5.0E9 and 5.0E9, inclusive'],
    ['numeric that is not an array', { a: [{ numeric: '>' }] }, 'Value of numeric must be an array.'],
    ['an empty numeric array', { a: [{ numeric: [] }] }, 'Invalid member in numeric match: ]'],
    ['numeric starting with a number', { a: [{ numeric: [5, '>'] }] }, 'Invalid member in numeric match: 5'],
    ['an unknown numeric operator', { a: [{ numeric: ['!=', 5] }] }, 'Unrecognized numeric range operator: !='],
    ['a numeric operand that is a string', { a: [{ numeric: ['=', '5'] }] }, 'Value of equals must be numeric'],
    ['a missing numeric operand', { detail: { 'c-count': [{ numeric: ['>', 0, '<'] }] } }, 'Value of < must be numeric'],
    ['a second lower bound', { detail: { 'c-count': [{ numeric: ['>', 0, '>', 0] }] } }, 'Bad numeric range operator: >'],
    ['a range after an upper bound', { a: [{ numeric: ['<', 10, '>', 0] }] }, 'Too many elements in numeric expression'],
    ['a number where the upper operator belongs', { a: [{ numeric: ['>', 0, 5] }] }, 'Bad value in numeric range: 5'],
    ['too many range terms', { a: [{ numeric: ['>', 0, '<', 5, '<', 6] }] }, 'Too many terms in numeric range expression'],
    ['an empty range', { a: [{ numeric: ['>=', 5, '<', 5] }] }, 'Bottom must be less than top'],
    ['an inverted range', { a: [{ numeric: ['>', 10, '<', 5] }] }, 'Bottom must be less than top'],
    ['a numeric operand above 5.0e9', { a: [{ numeric: ['<', 5000000001] }] }, 'Value must be between -5.0E9 and 5.0E9, inclusive'],
    ['a numeric operand below -5.0e9', { a: [{ numeric: ['>', -6e9, '<', 0] }] }, 'Value must be between -5.0E9 and 5.0E9, inclusive'],
    ['a numeric operand with 7 decimals', { a: [{ numeric: ['=', 0.0000001] }] }, 'Only values upto 6 decimals are supported'],
    ['a second key beside numeric', { a: [{ numeric: ['>', 0], prefix: 'x' }] }, 'Too many elements in numeric expression'],
    ['cidr that is not a string', { detail: { sourceIPAddress: [{ cidr: ['bad-type'] }] } }, 'prefix match pattern must be a string'],
    ['cidr without a mask', { a: [{ cidr: '10.0.0.0' }] }, "Malformed CIDR, one '/' required"],
    ['cidr with a non-integer mask', { a: [{ cidr: '10.0.0.0/abc' }] }, 'Malformed CIDR, mask bits must be an integer'],
    ['cidr with a negative mask', { a: [{ cidr: '10.0.0.0/-1' }] }, 'Malformed CIDR, mask bits must not be negative'],
    ['cidr with a bad IPv4 address', { a: [{ cidr: 'xx.11.xx/24' }] }, 'Nonstandard IP address: xx.11.xx'],
    ['cidr with a bad IPv6 address', { a: [{ cidr: 'xxxx:db8:1234:1a00::/64' }] }, 'Nonstandard IP address: xxxx:db8:1234:1a00::'],
    ['cidr with an out-of-range octet', { a: [{ cidr: '10.0.0.300/24' }] }, 'Invalid IP address: 10.0.0.300'],
    ['cidr with an IPv4 mask of 32', { a: [{ cidr: '10.0.0.1/32' }] }, 'IPv4 mask bits must be < 32'],
    ['cidr with an IPv6 mask of 128', { a: [{ cidr: '::1/128' }] }, 'IPv6 mask bits must be < 128'],
    ['wildcard that is a number', { EventBusArn: [{ wildcard: 123 }] }, 'wildcard match pattern must be a string'],
    ['wildcard that is a list', { EventBusArn: [{ wildcard: ['a*'] }] }, 'wildcard match pattern must be a string'],
    ['wildcard with "**"', { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:**:event-bus/*' }] }, 'Consecutive wildcard characters at pos 26'],
    ['wildcard escaping another character', { a: [{ wildcard: 'a\\b' }] }, 'Invalid escape character at pos 2'],
    ['wildcard ending in a backslash', { a: [{ wildcard: 'ab\\' }] }, 'Invalid escape character at pos 3'],
    ['a too complex wildcard', { EventBusArn: [{ wildcard: '*:*:*:*:*:event-bus/*' }] }, 'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character'],
    ['too many wildcards on one field across $or', { $or: [{ p: [{ wildcard: '*/a/*' }, { wildcard: '*/b/*' }] }, { p: [{ wildcard: '*/c/*' }, { wildcard: '*/d/*' }] }] }, 'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character'],
    ['$or that is not an array', { $or: { a: ['x'] } }, 'It must be an Array followed with $or.'],
    ['$or with a single branch', { $or: [{ a: ['x'] }] }, 'There must have at least 2 Objects in $or relationship.'],
    ['$or with a non-object branch', { $or: [{ a: ['x'] }, 'b'] }, 'Only JSON object is allowed in array of $or relationship.'],
    ['$or with an empty branch', { $or: [{ a: ['x'] }, {}] }, 'Empty objects are not allowed'],
    ['$or with an operator name as a field', { $or: [{ numeric: [123] }, { prefix: ['abc'] }] }, 'numeric is Ruler reserved fieldName which cannot be used inside $or.'],
    ['$or with an operator name as a nested field', { $or: [{ a: { exists: ['x'] } }, { b: ['y'] }] }, 'exists is Ruler reserved fieldName which cannot be used inside $or.'],
  ];

  for (const [name, pattern, reason] of cases) {
    it(name, () => expect(reasonOf(pattern)).toMatch(new RegExp(`^${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)));
  }

  it('prefixes every message as AWS does', () => {
    expect(validatePattern({})).toEqual({ ok: false, message: 'Event pattern is not valid. Reason: Empty objects are not allowed' });
  });

  it('compilePattern throws the same error', () => {
    expect(() => compilePattern({ a: 'x' })).toThrow(InvalidPatternError);
    expect(() => compilePattern({ a: 'x' })).toThrow('Event pattern is not valid. Reason: "a" must be an object or an array');
  });
});
