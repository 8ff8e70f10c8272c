import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../local/eventbridge/patterns';

// Properties checked against independent oracles (RegExp, integer arithmetic), not against the code itself.
const leafValue = fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));

describe('matching properties', () => {
  it('wildcard agrees with an anchored RegExp where "*" is ".*"', () => {
    const glob = fc.stringMatching(/^[ab*]{0,8}$/).filter((g) => !g.includes('**'));
    fc.assert(
      fc.property(glob, fc.stringMatching(/^[ab]{0,10}$/), (pattern, value) => {
        const oracle = new RegExp(`^${pattern.replaceAll('*', '.*')}$`).test(value);
        expect(matchesPattern({ f: [{ wildcard: pattern }] }, { f: value })).toBe(oracle);
      }),
    );
  });

  it('anything-but a string is the negation of the exact string, for any present leaf of the same type', () => {
    fc.assert(
      fc.property(fc.string(), leafValue, (excluded, value) => {
        const exact = matchesPattern({ f: [excluded] }, { f: value });
        const anythingBut = matchesPattern({ f: [{ 'anything-but': excluded }] }, { f: value });
        expect(anythingBut).toBe(typeof value === 'string' ? !exact : true);
      }),
    );
  });

  it('numeric ranges agree with integer comparison of millionths within ±5e9', () => {
    const micros = fc.integer({ min: -1e15, max: 1e15 }); // 15 significant digits, as documented
    fc.assert(
      fc.property(micros, micros, micros, (a, b, x) => {
        const [low, high] = a < b ? [a, b] : [b, a];
        fc.pre(low < high);
        const pattern = { f: [{ numeric: ['>', low / 1e6, '<=', high / 1e6] }] };
        expect(matchesPattern(pattern, { f: x / 1e6 })).toBe(low < x && x <= high);
      }),
    );
  });

  it('an IPv4 cidr matches exactly the addresses sharing its network bits', () => {
    const address = fc.integer({ min: 0, max: 2 ** 32 - 1 });
    const dotted = (n: number) => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
    fc.assert(
      fc.property(address, fc.integer({ min: 0, max: 31 }), address, (base, bits, candidate) => {
        const network = bits === 0 ? 0 : (base >>> (32 - bits)) << (32 - bits) >>> 0;
        const inside = bits === 0 || candidate >>> (32 - bits) === network >>> (32 - bits);
        const pattern = { ip: [{ cidr: `${dotted(network)}/${bits}` }] };
        expect(matchesPattern(pattern, { ip: dotted(candidate) })).toBe(inside);
      }),
    );
  });

  it('a pattern listing an event leaf value matches that event, wherever the value sits in an array', () => {
    fc.assert(
      fc.property(fc.array(leafValue, { minLength: 1, maxLength: 5 }), fc.nat(), (values, pick) => {
        const chosen = values[pick % values.length]!;
        expect(matchesPattern({ detail: { list: [chosen] } }, { detail: { list: values } })).toBe(true);
      }),
    );
  });
});
