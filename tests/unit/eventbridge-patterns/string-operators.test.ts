import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../local/eventbridge/patterns';

// Examples from AWS "Content filtering in Amazon EventBridge event patterns" and
// "Comparison operators for use in event patterns in Amazon EventBridge".

describe('prefix', () => {
  const pattern = { time: [{ prefix: '2017-10-02' }] };

  it('matches a string that starts with the prefix', () => {
    expect(matchesPattern(pattern, { time: '2017-10-02T18:43:48Z' })).toBe(true);
    expect(matchesPattern({ Region: [{ prefix: 'us-' }] }, { Region: 'us-east-1' })).toBe(true);
  });

  it('does not match another start, another case, or a non-string', () => {
    expect(matchesPattern(pattern, { time: '2017-10-03T18:43:48Z' })).toBe(false);
    expect(matchesPattern({ Region: [{ prefix: 'us-' }] }, { Region: 'US-EAST-1' })).toBe(false);
    expect(matchesPattern({ code: [{ prefix: '12' }] }, { code: 123 })).toBe(false);
  });

  it('with equals-ignore-case, matches the prefix in any case', () => {
    const ignoreCase = { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } };
    for (const service of ['EventBridge', 'EVENTBRIDGE', 'eventbus']) {
      expect(matchesPattern(ignoreCase, { detail: { service } })).toBe(true);
    }
    expect(matchesPattern(ignoreCase, { detail: { service: 'Events' } })).toBe(false);
  });
});

describe('suffix', () => {
  const pattern = { FileName: [{ suffix: '.png' }] };

  it('matches a string that ends with the suffix', () => {
    expect(matchesPattern(pattern, { FileName: 'image.png' })).toBe(true);
  });

  it('does not match another ending or another case', () => {
    expect(matchesPattern(pattern, { FileName: 'image.jpg' })).toBe(false);
    expect(matchesPattern(pattern, { FileName: 'image.PNG' })).toBe(false);
  });

  it('with equals-ignore-case, matches the suffix in any case', () => {
    const ignoreCase = { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } };
    expect(matchesPattern(ignoreCase, { detail: { FileName: 'image.PNG' } })).toBe(true);
    expect(matchesPattern(ignoreCase, { detail: { FileName: 'image.PnG' } })).toBe(true);
    expect(matchesPattern(ignoreCase, { detail: { FileName: 'image.gif' } })).toBe(false);
  });
});

describe('equals-ignore-case', () => {
  const pattern = { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] };

  it('matches the same string in any case', () => {
    expect(matchesPattern(pattern, { 'detail-type': 'EC2 Instance State-change Notification' })).toBe(true);
  });

  it('does not match a different string or a non-string', () => {
    expect(matchesPattern(pattern, { 'detail-type': 'EC2 Instance State-change' })).toBe(false);
    expect(matchesPattern({ n: [{ 'equals-ignore-case': '1' }] }, { n: 1 })).toBe(false);
  });
});

describe('wildcard', () => {
  it('matches "*" against any run of characters, including none', () => {
    const pattern = { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] };
    expect(matchesPattern(pattern, { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus' })).toBe(true);
    expect(matchesPattern(pattern, { EventBusArn: 'arn:aws:events:us-east-1::event-bus/' })).toBe(true);
    expect(matchesPattern({ FileName: [{ wildcard: 'dir/*.png' }] }, { FileName: 'dir/image.png' })).toBe(true);
  });

  it('is anchored at both ends and respects the order of the literal parts', () => {
    const pattern = { FileName: [{ wildcard: '/Users/*/doc.txt' }] };
    expect(matchesPattern(pattern, { FileName: '/Users/ls_user/dir/dir/dir/dir/dir/doc.txt' })).toBe(true);
    expect(matchesPattern(pattern, { FileName: '/Users/ls_user/dir/notmatchingdoc.txt.bak' })).toBe(false);
    expect(matchesPattern({ s: [{ wildcard: 'a*b*c' }] }, { s: 'acb' })).toBe(false);
    expect(matchesPattern({ s: [{ wildcard: 'a*b*c' }] }, { s: 'abc' })).toBe(true);
    expect(matchesPattern({ s: [{ wildcard: 'ab*ba' }] }, { s: 'aba' })).toBe(false);
  });

  it('treats \\* as a literal star and \\\\ as a literal backslash', () => {
    expect(matchesPattern({ s: [{ wildcard: 'price\\*' }] }, { s: 'price*' })).toBe(true);
    expect(matchesPattern({ s: [{ wildcard: 'price\\*' }] }, { s: 'price-list' })).toBe(false);
    expect(matchesPattern({ s: [{ wildcard: 'C:\\\\*' }] }, { s: 'C:\\temp' })).toBe(true);
  });

  it('only matches strings', () => {
    expect(matchesPattern({ n: [{ wildcard: '*' }] }, { n: 5 })).toBe(false);
    expect(matchesPattern({ n: [{ wildcard: '*' }] }, { n: null })).toBe(false);
  });
});
