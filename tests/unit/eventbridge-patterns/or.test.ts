import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../local/eventbridge/patterns';

// Examples from AWS "Content filtering in Amazon EventBridge event patterns" ($or matching).
describe('$or', () => {
  it('matches when any branch matches (fields inside "detail")', () => {
    const pattern = {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    };
    expect(matchesPattern(pattern, { detail: { 'c-count': 3 } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { 'd-count': 9 } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { 'x-limit': 301.8 } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { 'c-count': 6, 'd-count': 10, 'x-limit': 1 } })).toBe(false);
  });

  it('is ANDed with the fields beside it', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
    };
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/ES' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', metricName: 'ReadLatency' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'aws.ec2', metricName: 'ReadLatency' })).toBe(false);
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', metricName: 'Other' })).toBe(false);
  });

  it('nests, with ANDs inside branches', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
        { scope: ['Service'] },
      ],
    };
    const base = { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2' };
    expect(matchesPattern(pattern, { ...base, spaceId: 1000 })).toBe(true);
    expect(matchesPattern(pattern, { ...base, metricId: 1234 })).toBe(true);
    expect(matchesPattern(pattern, { ...base, metricId: 1 })).toBe(false);
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', scope: 'Service' })).toBe(true);
  });

  it('combines in parallel at different levels', () => {
    const pattern = {
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
    };
    expect(matchesPattern(pattern, { namespace: 'AWS/EC2', detail: { source: 'aws.cloudwatch' } })).toBe(true);
    expect(matchesPattern(pattern, { namespace: 'AWS/EC2', detail: { source: 'aws.s3' } })).toBe(false);
    expect(matchesPattern(pattern, { metricName: 'Other', detail: { 'detail-type': 'CloudWatch Alarm State Change' } })).toBe(false);
  });

  it('keeps the conditions of each branch together', () => {
    const pattern = { detail: { $or: [{ tier: ['MVC'] }, { tier: [{ exists: false }], manager: [{ exists: true }] }] } };
    expect(matchesPattern(pattern, { detail: { manager: 'li.wei' } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { tier: 'BZ', manager: 'li.wei' } })).toBe(false);
  });
});
