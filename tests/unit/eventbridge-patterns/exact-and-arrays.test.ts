import { describe, expect, it } from 'vitest';
import { compilePattern, matchesPattern } from '../../../local/eventbridge/patterns';

// AWS "Amazon EventBridge event patterns" page: the EC2 example event and pattern.
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};
const ec2Pattern = {
  source: ['aws.ec2'],
  'detail-type': ['EC2 Instance State-change Notification'],
  detail: { state: ['terminated'] },
};

describe('exact values and nesting (AWS "Event pattern syntax")', () => {
  it('matches when every field of the pattern matches, nested fields included', () => {
    expect(matchesPattern(ec2Pattern, ec2Event)).toBe(true);
  });

  it('fails when one field differs (fields are ANDed)', () => {
    expect(matchesPattern(ec2Pattern, { ...ec2Event, detail: { ...ec2Event.detail, state: 'running' } })).toBe(false);
    expect(matchesPattern(ec2Pattern, { ...ec2Event, source: 'aws.s3' })).toBe(false);
  });

  it('fails when a field of the pattern is missing from the event or nested differently', () => {
    const { detail: _detail, ...withoutDetail } = ec2Event;
    expect(matchesPattern(ec2Pattern, withoutDetail)).toBe(false);
    expect(matchesPattern(ec2Pattern, { ...ec2Event, state: 'terminated', detail: {} })).toBe(false);
  });

  it('treats the values of a field as alternatives ("source": ["aws.ec2", "aws.fargate"])', () => {
    const pattern = { source: ['aws.ec2', 'aws.fargate'] };
    expect(matchesPattern(pattern, { source: 'aws.fargate' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'aws.ec2' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'aws.s3' })).toBe(false);
  });

  it('matches strings character by character, without case folding', () => {
    expect(matchesPattern({ source: ['aws.ec2'] }, { source: 'AWS.EC2' })).toBe(false);
    expect(matchesPattern({ source: ['aws.ec2'] }, { source: 'aws.ec2 ' })).toBe(false);
  });

  it('matches booleans and numbers by type and value', () => {
    expect(matchesPattern({ detail: { vip: [true] } }, { detail: { vip: true } })).toBe(true);
    expect(matchesPattern({ detail: { vip: [true] } }, { detail: { vip: 'true' } })).toBe(false);
    expect(matchesPattern({ detail: { count: [3] } }, { detail: { count: '3' } })).toBe(false);
    expect(matchesPattern({ detail: { count: ['3'] } }, { detail: { count: 3 } })).toBe(false);
  });

  it('compares numbers as numbers: 300 matches 300.0 and 3.0e2', () => {
    const event = JSON.parse('{"detail": {"amount": 300.0, "rate": 3.0e2}}');
    expect(matchesPattern({ detail: { amount: [300] } }, event)).toBe(true);
    expect(matchesPattern(JSON.parse('{"detail": {"rate": [300.000]}}'), event)).toBe(true);
    expect(matchesPattern({ detail: { amount: [301] } }, event)).toBe(false);
  });

  it('matches a number too large for numeric matching (an account number) exactly', () => {
    expect(matchesPattern({ detail: { account: [123456789012] } }, { detail: { account: 123456789012 } })).toBe(true);
    expect(matchesPattern({ detail: { account: [123456789012] } }, { detail: { account: 123456789013 } })).toBe(false);
  });

  it('matches an IP address given as a plain value in any spelling of that address', () => {
    expect(matchesPattern({ ip: ['2001:db8::1'] }, { ip: '2001:0db8:0:0:0:0:0:1' })).toBe(true);
    expect(matchesPattern({ ip: ['2001:db8::1'] }, { ip: '2001:db8::2' })).toBe(false);
  });

  it('ignores event fields the pattern does not name', () => {
    expect(matchesPattern({ source: ['aws.ec2'] }, { ...ec2Event, extra: { deeply: ['nested'] } })).toBe(true);
  });

  it('compiles once and matches many events', () => {
    const matches = compilePattern(ec2Pattern);
    expect([ec2Event, { ...ec2Event, source: 'x' }, ec2Event].map(matches)).toEqual([true, false, true]);
  });

  it('accepts the pattern and the event as JSON text, as PutRule and PutEvents carry them', () => {
    expect(matchesPattern(JSON.stringify(ec2Pattern), JSON.stringify(ec2Event))).toBe(true);
    expect(matchesPattern(ec2Pattern, 'not json')).toBe(false);
  });

  it('does not mistake inherited properties for event fields', () => {
    expect(matchesPattern({ constructor: [{ exists: true }] }, {})).toBe(false);
    expect(matchesPattern({ toString: [{ exists: false }] }, {})).toBe(true);
  });
});

describe('null values and empty strings (AWS "Matching null values and empty strings in Amazon EventBridge event patterns")', () => {
  const event = { detail: { eventVersion: '', responseElements: null } };

  it('matches null with null and the empty string with ""', () => {
    expect(matchesPattern({ detail: { responseElements: [null] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { eventVersion: [''] } }, event)).toBe(true);
  });

  it('does not treat null and the empty string as interchangeable, nor null as a missing field', () => {
    expect(matchesPattern({ detail: { responseElements: [''] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { eventVersion: [null] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { missing: [null] } }, event)).toBe(false);
  });
});

describe('arrays (AWS "Arrays in Amazon EventBridge event patterns")', () => {
  const pattern = {
    resources: [
      'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
    ],
  };

  it('matches when the pattern list and the event array intersect', () => {
    const event = {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    };
    expect(matchesPattern(pattern, event)).toBe(true);
  });

  it('does not match when they do not intersect, or the event array is empty', () => {
    expect(matchesPattern(pattern, { resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f'] })).toBe(false);
    expect(matchesPattern(pattern, { resources: [] })).toBe(false);
    expect(matchesPattern({ resources: [null] }, { resources: [] })).toBe(false);
  });

  it('looks into arrays of objects, element by element', () => {
    const event = { detail: { accounts: [{ id: 'A1', status: 'OPEN' }, { id: 'A2', status: 'CLOSED' }] } };
    expect(matchesPattern({ detail: { accounts: { status: ['CLOSED'] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { accounts: { id: ['A2'], status: ['CLOSED'] } } }, event)).toBe(true);
    // Both conditions must hold in the same element.
    expect(matchesPattern({ detail: { accounts: { id: ['A1'], status: ['CLOSED'] } } }, event)).toBe(false);
  });

  it('does not treat an object as a leaf value', () => {
    expect(matchesPattern({ detail: ['x'] }, { detail: { a: 'x' } })).toBe(false);
    expect(matchesPattern({ detail: { a: ['x'] } }, { detail: 'x' })).toBe(false);
  });
});
