import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../local/eventbridge/patterns';

// Examples from AWS "Content filtering in Amazon EventBridge event patterns" (exists matching).
const absent = { detail: { 'c-count': [{ exists: false }] } };
const present = { detail: { 'c-count': [{ exists: true }] } };

describe('exists', () => {
  it('exists: true matches a field with a leaf value, null included', () => {
    expect(matchesPattern(present, { detail: { 'c-count': 5 } })).toBe(true);
    expect(matchesPattern(present, { detail: { 'c-count': null } })).toBe(true);
    expect(matchesPattern(present, { detail: { 'c-count': [1] } })).toBe(true);
  });

  it('exists: true does not match a missing field, an empty array or an intermediate node', () => {
    expect(matchesPattern(present, { detail: { state: 'running' } })).toBe(false);
    expect(matchesPattern(present, { detail: { 'c-count': [] } })).toBe(false);
    expect(matchesPattern(present, { detail: { 'c-count': { c1: 100 } } })).toBe(false);
  });

  it('exists: false matches an event without the field (the AWS example)', () => {
    const event = {
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
      detail: { state: ['initializing', 'running'] },
    };
    expect(matchesPattern(absent, event)).toBe(true);
    expect(matchesPattern(absent, {})).toBe(true);
  });

  it('exists: false also matches when the field is not a leaf (the AWS example) or an empty array', () => {
    expect(matchesPattern(absent, { detail: { state: ['initializing'], 'c-count': { c1: 100 } } })).toBe(true);
    expect(matchesPattern(absent, { detail: { 'c-count': [] } })).toBe(true);
  });

  it('exists: false does not match a present value', () => {
    expect(matchesPattern(absent, { detail: { 'c-count': 0 } })).toBe(false);
    expect(matchesPattern(absent, { detail: { 'c-count': null } })).toBe(false);
    expect(matchesPattern(absent, { detail: { 'c-count': ['x'] } })).toBe(false);
  });

  it('in an array of objects, exists: true needs one element with the field', () => {
    const pattern = { detail: { automations: { id: [{ exists: true }] } } };
    expect(matchesPattern(pattern, { detail: { automations: [{ key1: 'v' }, { id: 'a' }] } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { automations: [{ key1: 'v' }] } })).toBe(false);
  });

  it('in an array of objects, exists: false alone needs the field absent from every element', () => {
    const pattern = { detail: { items: { discount: [{ exists: false }] } } };
    expect(matchesPattern(pattern, { detail: { items: [{ sku: 'a' }, { sku: 'b' }] } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { items: [{ sku: 'a' }, { sku: 'b', discount: 5 }] } })).toBe(false);
  });

  it('next to a positive condition, exists: false applies to the element that satisfied it', () => {
    const pattern = { detail: { items: { sku: ['a'], discount: [{ exists: false }] } } };
    expect(matchesPattern(pattern, { detail: { items: [{ sku: 'a' }, { sku: 'b', discount: 5 }] } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { items: [{ sku: 'a', discount: 1 }, { sku: 'b' }] } })).toBe(false);
  });

  it('combines with other values of the same field as alternatives', () => {
    const pattern = { dynamodb: { NewImage: { homemade: { S: [{ 'anything-but': ['roses'] }, { exists: false }] } } } };
    expect(matchesPattern(pattern, { dynamodb: { NewImage: { purchased: { N: '789' } } } })).toBe(true);
    expect(matchesPattern(pattern, { dynamodb: { NewImage: { homemade: { S: 'tulips' } } } })).toBe(true);
    expect(matchesPattern(pattern, { dynamodb: { NewImage: { homemade: { S: 'roses' } } } })).toBe(false);
  });
});
