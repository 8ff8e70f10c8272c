import { invalid } from './errors';

export interface IpAddress {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

export interface IpRange {
  readonly bits: 32 | 128;
  readonly low: bigint;
  readonly high: bigint;
}

// EventBridge only treats text of these shapes as an address (no hostnames, no IPv4-in-IPv6 dotted tails).
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

function parseIpv4(text: string): IpAddress | undefined {
  let value = 0n;
  for (const part of text.split('.')) {
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return { bits: 32, value };
}

function parseIpv6Groups(text: string): string[] | undefined {
  if (text === '') return [];
  const groups = text.split(':');
  return groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group)) ? groups : undefined;
}

function parseIpv6(text: string): IpAddress | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseIpv6Groups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseIpv6Groups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  const value = groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
  return { bits: 128, value };
}

/** The address an IPv4 or IPv6 literal denotes, or undefined for any other text. */
export function parseIp(text: string): IpAddress | undefined {
  if (IPV4_SHAPE.test(text)) return parseIpv4(text);
  if (IPV6_SHAPE.test(text)) return parseIpv6(text);
  return undefined;
}

function parseCidrAddress(text: string): IpAddress {
  if (!IPV4_SHAPE.test(text) && !IPV6_SHAPE.test(text)) invalid(`Nonstandard IP address: ${text}`);
  return parseIp(text) ?? invalid(`Invalid IP address: ${text}`);
}

/**
 * The addresses a "cidr" pattern covers. As in EventBridge, the range starts at the address as written
 * (host bits are not cleared) and host-only masks (/32, /128) are refused.
 */
export function parseCidr(text: string): IpRange {
  const parts = text.split('/');
  if (parts.length !== 2) invalid("Malformed CIDR, one '/' required");
  const [addressText = '', maskText = ''] = parts;
  if (!/^[+-]?\d{1,10}$/.test(maskText) || Math.abs(Number(maskText)) > 2 ** 31 - 1) {
    invalid('Malformed CIDR, mask bits must be an integer');
  }
  const maskBits = Number(maskText);
  if (maskBits < 0) invalid('Malformed CIDR, mask bits must not be negative');
  const address = parseCidrAddress(addressText);
  if (address.bits === 32 && maskBits > 31) invalid('IPv4 mask bits must be < 32');
  if (address.bits === 128 && maskBits > 127) invalid('IPv6 mask bits must be < 128');
  const hostMask = (1n << BigInt(address.bits - maskBits)) - 1n;
  return { bits: address.bits, low: address.value, high: address.value | hostMask };
}

export function inRange(address: IpAddress, range: IpRange): boolean {
  return address.bits === range.bits && address.value >= range.low && address.value <= range.high;
}
