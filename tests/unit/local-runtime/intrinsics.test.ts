// The intrinsic-function resolver, against the local names, URLs and ARNs of a small template.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntrinsicError } from '../../../local/runtime/intrinsics';
import { LocalResources } from '../../../local/runtime/local-resources';
import type { CfnTemplate } from '../../../local/runtime/template';

const template: CfnTemplate = {
  Parameters: { BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/version' } },
  Conditions: {
    IsDev: { 'Fn::Equals': ['dev', 'dev'] },
    IsProd: { 'Fn::Not': [{ Condition: 'IsDev' }] },
  },
  Mappings: { Sizes: { dev: { memory: 512 } } },
  Resources: {
    Table: { Type: 'AWS::DynamoDB::GlobalTable', Properties: {} },
    Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
    NamedQueue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Join': ['-', ['orders', { Ref: 'AWS::Region' }]] } } },
    Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'crm-bus' } },
    Rule: { Type: 'AWS::Events::Rule', Properties: { EventBusName: { Ref: 'Bus' } } },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'ingest' } },
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
  },
};

const local = (prefix?: string) =>
  new LocalResources({ stackName: 'Crm-dev', template, region: 'eu-west-1', accountId: '123456789012', sqsEndpoint: 'http://127.0.0.1:9324', resourcePrefix: prefix });

describe('intrinsic functions resolved against local resources', () => {
  const r = local();

  it('answers Ref as CloudFormation does for each resource type', () => {
    expect(r.resolve({ Ref: 'Table' })).toBe('Crm-dev-Table');
    expect(r.resolve({ Ref: 'Queue' })).toBe('http://127.0.0.1:9324/123456789012/Crm-dev-Queue');
    expect(r.resolve({ Ref: 'NamedQueue' })).toBe('http://127.0.0.1:9324/123456789012/orders-eu-west-1');
    expect(r.resolve({ Ref: 'Bus' })).toBe('crm-bus');
    expect(r.resolve({ Ref: 'Rule' })).toBe('crm-bus|Crm-dev-Rule');
    expect(r.resolve({ Ref: 'Fn' })).toBe('ingest');
    expect(r.resolve({ Ref: 'Topic' })).toBe('arn:aws:sns:eu-west-1:123456789012:Crm-dev-Topic');
  });

  it('answers pseudo parameters and parameter defaults', () => {
    expect(r.resolve([{ Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, { Ref: 'AWS::Partition' }, { Ref: 'AWS::StackName' }, { Ref: 'AWS::URLSuffix' }])).toEqual([
      'eu-west-1',
      '123456789012',
      'aws',
      'Crm-dev',
      'amazonaws.com',
    ]);
    expect(r.resolve({ Ref: 'BootstrapVersion' })).toBe('/cdk-bootstrap/version');
  });

  it('answers Fn::GetAtt in both its list and its dotted form', () => {
    expect(r.resolve({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe('arn:aws:sqs:eu-west-1:123456789012:Crm-dev-Queue');
    expect(r.resolve({ 'Fn::GetAtt': 'Queue.QueueName' })).toBe('Crm-dev-Queue');
    expect(r.resolve({ 'Fn::GetAtt': ['Table', 'Arn'] })).toBe('arn:aws:dynamodb:eu-west-1:123456789012:table/Crm-dev-Table');
    expect(r.resolve({ 'Fn::GetAtt': ['Bus', 'Arn'] })).toBe('arn:aws:events:eu-west-1:123456789012:event-bus/crm-bus');
    expect(r.resolve({ 'Fn::GetAtt': ['Rule', 'Arn'] })).toBe('arn:aws:events:eu-west-1:123456789012:rule/crm-bus/Crm-dev-Rule');
    expect(r.resolve({ 'Fn::GetAtt': ['Fn', 'Arn'] })).toBe('arn:aws:lambda:eu-west-1:123456789012:function:ingest');
  });

  it('uses what the runtime learnt once a resource exists', () => {
    const withStream = local();
    withStream.setAttribute('Table', 'StreamArn', 'arn:aws:dynamodb:ddblocal:000000000000:table/Crm-dev-Table/stream/2026-01-01T00:00:00.000');
    expect(withStream.resolve({ 'Fn::GetAtt': ['Table', 'StreamArn'] })).toMatch(/stream\/2026-01-01/);
  });

  it('joins, substitutes, selects and splits', () => {
    expect(r.resolve({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'Table' }]] })).toBe('arn:aws:s3:::Crm-dev-Table');
    expect(r.resolve({ 'Fn::Sub': 'https://${Bus}.${AWS::Region}.${AWS::URLSuffix}/${!Literal}/${Queue.Arn}' })).toBe(
      'https://crm-bus.eu-west-1.amazonaws.com/${Literal}/arn:aws:sqs:eu-west-1:123456789012:Crm-dev-Queue',
    );
    expect(r.resolve({ 'Fn::Sub': ['${Name}-${AWS::AccountId}', { Name: { Ref: 'Fn' } }] })).toBe('ingest-123456789012');
    expect(r.resolve({ 'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Queue', 'Arn'] }] }] })).toBe('aws');
    expect(r.resolve({ 'Fn::Select': [2, ['a', 'b', { Ref: 'Bus' }]] })).toBe('crm-bus');
  });

  it('evaluates conditions, mappings and drops AWS::NoValue', () => {
    expect(r.resolve({ 'Fn::If': ['IsDev', 'small', 'large'] })).toBe('small');
    expect(r.resolve({ 'Fn::If': ['IsProd', 'large', { Ref: 'AWS::NoValue' }] })).toBeUndefined();
    expect(r.resolve({ Memory: { 'Fn::FindInMap': ['Sizes', 'dev', 'memory'] }, Gone: { Ref: 'AWS::NoValue' } })).toEqual({ Memory: 512 });
    expect(r.resolve(['a', { Ref: 'AWS::NoValue' }, 'b'])).toEqual(['a', 'b']);
  });

  it('refuses what cannot be answered locally, naming it', () => {
    expect(() => r.resolve({ Ref: 'Nowhere' })).toThrow(/Nowhere/);
    expect(() => r.resolve({ 'Fn::GetAtt': ['Nowhere', 'Arn'] })).toThrow(IntrinsicError);
    expect(() => r.resolve({ 'Fn::ImportValue': 'SharedVpc' })).toThrow(/Fn::ImportValue is not supported/);
    expect(() => r.resolve({ 'Fn::Select': [5, ['a']] })).toThrow(/out of range/);
  });

  it('prefixes every physical name when stacks share services', () => {
    const prefixed = local('t1-');
    expect(prefixed.resolve({ Ref: 'Table' })).toBe('t1-Crm-dev-Table');
    expect(prefixed.resolve({ Ref: 'Bus' })).toBe('t1-crm-bus');
    expect(prefixed.resolve({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe('arn:aws:sqs:eu-west-1:123456789012:t1-Crm-dev-Queue');
  });

  it('leaves plain values alone and joins like Array.join', () => {
    const plain = fc.jsonValue().filter((v) => JSON.stringify(v).indexOf('"Ref"') < 0 && JSON.stringify(v).indexOf('"Fn::') < 0 && JSON.stringify(v).indexOf('"Condition"') < 0);
    fc.assert(
      fc.property(plain, (value) => {
        expect(r.resolve(value)).toEqual(value);
      }),
    );
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string()), (delimiter, parts) => {
        expect(r.resolve({ 'Fn::Join': [delimiter, parts] })).toBe(parts.join(delimiter));
      }),
    );
  });

  it('keeps generated names within the service limits', () => {
    const long: CfnTemplate = { Resources: { ['Q'.repeat(100)]: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true } } } };
    const names = new LocalResources({ stackName: 'Stack', template: long, region: 'us-east-1', accountId: '1', sqsEndpoint: 'http://x' });
    const name = names.physicalName('Q'.repeat(100));
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name.endsWith('.fifo')).toBe(true);
  });
});
