import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../local/eventbridge/patterns';

// Examples from AWS "Content filtering in Amazon EventBridge event patterns" (IP address matching).
describe('cidr', () => {
  const ipv4 = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } };
  const ip = (address: unknown) => ({ detail: { sourceIPAddress: address } });

  it('matches IPv4 addresses inside the block', () => {
    expect(matchesPattern(ipv4, ip('10.0.0.0'))).toBe(true);
    expect(matchesPattern(ipv4, ip('10.0.0.24'))).toBe(true);
    expect(matchesPattern(ipv4, ip('10.0.0.255'))).toBe(true);
  });

  it('does not match addresses outside the block, non-addresses or non-strings', () => {
    expect(matchesPattern(ipv4, ip('10.0.1.0'))).toBe(false);
    expect(matchesPattern(ipv4, ip('9.255.255.255'))).toBe(false);
    expect(matchesPattern(ipv4, ip('10.0.0.256'))).toBe(false);
    expect(matchesPattern(ipv4, ip('not-an-ip'))).toBe(false);
    expect(matchesPattern(ipv4, ip(167772161))).toBe(false);
  });

  it('matches IPv6 addresses inside the block, in any spelling', () => {
    const ipv6 = { detail: { sourceIPAddress: [{ cidr: '2001:db8::/64' }] } };
    expect(matchesPattern(ipv6, ip('2001:db8::1'))).toBe(true);
    expect(matchesPattern(ipv6, ip('2001:0DB8:0000:0000:ffff:ffff:ffff:ffff'))).toBe(true);
    expect(matchesPattern(ipv6, ip('2001:db8:0:1::1'))).toBe(false);
  });

  it('does not mix address families', () => {
    expect(matchesPattern(ipv4, ip('::a00:1'))).toBe(false);
    expect(matchesPattern({ a: [{ cidr: '::/0' }] }, { a: '10.0.0.1' })).toBe(false);
  });
});
