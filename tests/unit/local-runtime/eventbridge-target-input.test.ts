// What a rule target receives: the event, or its Input, InputPath or InputTransformer.
import { describe, expect, it } from 'vitest';
import { readJsonPath } from '../../../local/eventbridge/json-path';
import type { EventBridgeEvent } from '../../../local/eventbridge/put-events-entry';
import { targetInput } from '../../../local/eventbridge/target-input';

const event: EventBridgeEvent = {
  version: '0',
  id: 'e-1',
  'detail-type': 'TransactionPosted',
  source: 'core.banking',
  account: '123456789012',
  time: '2026-11-03T04:14:07Z',
  region: 'us-east-1',
  resources: ['arn:aws:x'],
  detail: { customerId: 'C-1', amount: { minor: 1250, currency: 'CNY' }, note: 'say "hi"', tags: ['a', 'b'] },
};
const rule = { name: 'r', arn: 'arn:aws:events:us-east-1:123456789012:rule/bus/r' };

describe('a target’s input', () => {
  it('is the whole event by default', () => {
    expect(JSON.parse(targetInput({}, event, rule))).toEqual(event);
  });

  it('is the constant Input when given', () => {
    expect(targetInput({ Input: '{"fixed":true}' }, event, rule)).toBe('{"fixed":true}');
  });

  it('is the part named by InputPath', () => {
    expect(JSON.parse(targetInput({ InputPath: '$.detail.amount' }, event, rule))).toEqual({ minor: 1250, currency: 'CNY' });
    expect(JSON.parse(targetInput({ InputPath: '$.detail-type' }, event, rule))).toBe('TransactionPosted');
  });

  it('is the InputTransformer template with strings inserted raw in quotes and other values as JSON', () => {
    const input = targetInput(
      {
        InputTransformer: {
          InputPathsMap: { customer: '$.detail.customerId', amount: '$.detail.amount', minor: '$.detail.amount.minor', note: '$.detail.note', first: '$.detail.tags[0]' },
          InputTemplate: '{"who":"<customer>","amount":<amount>,"minor":<minor>,"note":"<note>","first":"<first>","rule":"<aws.events.rule-name>","missing":<nothing>}',
        },
      },
      event,
      rule,
    );
    expect(input).toBe('{"who":"C-1","amount":{"minor":1250,"currency":"CNY"},"minor":1250,"note":"say \\"hi\\"","first":"a","rule":"r","missing":<nothing>}');
  });

  it('may be a plain string template', () => {
    expect(targetInput({ InputTransformer: { InputPathsMap: { c: '$.detail.customerId' }, InputTemplate: '"Customer <c> posted"' } }, event, rule)).toBe('"Customer C-1 posted"');
  });
});

describe('JSONPath', () => {
  it('reads dotted names, indexes and bracketed names', () => {
    expect(readJsonPath({ a: { 'b c': [1, { d: 2 }] } }, "$.a['b c'][1].d")).toBe(2);
    expect(readJsonPath(event, '$')).toBe(event);
    expect(readJsonPath(event, '$.detail.nothing.deeper')).toBeUndefined();
  });
});
