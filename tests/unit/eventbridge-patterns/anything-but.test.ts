import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../local/eventbridge/patterns';

// Examples from AWS "Content filtering in Amazon EventBridge event patterns" (anything-but matching) and
// "Comparison operators for use in event patterns in Amazon EventBridge".
const state = (value: unknown) => ({ detail: { state: value } });

describe('anything-but with a value or a list of values', () => {
  it('matches any value except the one given (string)', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };
    expect(matchesPattern(pattern, state('running'))).toBe(true);
    expect(matchesPattern(pattern, state('initializing'))).toBe(false);
  });

  it('matches any value except the one given (number, compared numerically)', () => {
    const pattern = { detail: { 'x-limit': [{ 'anything-but': 123 }] } };
    expect(matchesPattern(pattern, { detail: { 'x-limit': 124 } })).toBe(true);
    expect(matchesPattern(pattern, JSON.parse('{"detail": {"x-limit": 123.0}}'))).toBe(false);
  });

  it('excludes every string of a list', () => {
    const pattern = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
    expect(matchesPattern(pattern, state('running'))).toBe(true);
    expect(matchesPattern(pattern, state('stopped'))).toBe(false);
    expect(matchesPattern(pattern, state('overloaded'))).toBe(false);
  });

  it('excludes every number of a list', () => {
    const pattern = { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } };
    expect(matchesPattern(pattern, { detail: { 'x-limit': 150 } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { 'x-limit': 200 } })).toBe(false);
  });

  it('matches a value of another type, null included, but never a missing field', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };
    expect(matchesPattern(pattern, state(null))).toBe(true);
    expect(matchesPattern(pattern, state(12))).toBe(true);
    expect(matchesPattern(pattern, { detail: {} })).toBe(false);
    expect(matchesPattern(pattern, state({ nested: 'running' }))).toBe(false);
  });

  it('matches an event array when some element is not excluded', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };
    expect(matchesPattern(pattern, state(['initializing', 'running']))).toBe(true);
    expect(matchesPattern(pattern, state(['initializing']))).toBe(false);
  });
});

describe('anything-but prefix / suffix', () => {
  it('excludes values with the prefix', () => {
    const pattern = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } };
    expect(matchesPattern(pattern, state('running'))).toBe(true);
    expect(matchesPattern(pattern, state('initializing'))).toBe(false);
    expect(matchesPattern({ source: [{ 'anything-but': { prefix: 'aws.' } }] }, { source: 'core.banking' })).toBe(true);
    expect(matchesPattern({ source: [{ 'anything-but': { prefix: 'aws.' } }] }, { source: 'aws.ec2' })).toBe(false);
  });

  it('excludes values with the suffix', () => {
    const pattern = { FileName: [{ 'anything-but': { suffix: '.png' } }] };
    expect(matchesPattern(pattern, { FileName: 'photo.jpg' })).toBe(true);
    expect(matchesPattern(pattern, { FileName: 'photo.png' })).toBe(false);
  });

  it('accepts lists of prefixes or suffixes', () => {
    const pattern = { Region: [{ 'anything-but': { prefix: ['us-', 'eu-'] } }] };
    expect(matchesPattern(pattern, { Region: 'ap-southeast-1' })).toBe(true);
    expect(matchesPattern(pattern, { Region: 'eu-west-1' })).toBe(false);
  });

  it('matches a non-string value, which has no prefix to exclude', () => {
    expect(matchesPattern({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, state(12))).toBe(true);
  });
});

describe('anything-but equals-ignore-case', () => {
  const pattern = { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } };

  it('excludes the value in any case', () => {
    expect(matchesPattern(pattern, state('INITIALIZING'))).toBe(false);
    expect(matchesPattern(pattern, state('Initializing'))).toBe(false);
  });

  it('matches other values, and accepts a list', () => {
    expect(matchesPattern(pattern, state('running'))).toBe(true);
    const list = { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['stopped', 'overloaded'] } }] } };
    expect(matchesPattern(list, state('Running'))).toBe(true);
    expect(matchesPattern(list, state('STOPPED'))).toBe(false);
  });
});

describe('anything-but wildcard', () => {
  const pattern = { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] };

  it('excludes values matching the wildcard', () => {
    expect(matchesPattern(pattern, { FilePath: '/usr/lib/libc.so' })).toBe(false);
  });

  it('matches values not matching it, and accepts a list', () => {
    expect(matchesPattern(pattern, { FilePath: '/usr/bin/env' })).toBe(true);
    const list = { FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/tmp/*'] } }] };
    expect(matchesPattern(list, { FilePath: '/var/tmp/x' })).toBe(false);
    expect(matchesPattern(list, { FilePath: '/var/log/x' })).toBe(true);
  });
});
