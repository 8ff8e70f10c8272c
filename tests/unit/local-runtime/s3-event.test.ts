// The S3 notification message the local runtime sends, against the examples in AWS's "Event message
// structure" (Amazon S3 user guide): the ObjectCreated:Put example record and the s3:TestEvent,
// field by field; the key encoding, the sequencer's order and which configurations an event matches.
import { describe, expect, it } from 'vitest';
import {
  configurationMatches,
  eventObjectKey,
  ownerPrincipalId,
  s3EventRecord,
  s3TestEvent,
  Sequencer,
  type QueueNotification,
} from '../../../local/s3/notifications';

// The documented example message of an object created with PUT (eventVersion 2.1).
const documented = {
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-west-2',
      eventTime: '1970-01-01T00:00:00.000Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AIDAJDPLRKLG7UEXAMPLE' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'testConfigRule',
        bucket: { name: 'mybucket', ownerIdentity: { principalId: 'A3NL1KOZZKExample' }, arn: 'arn:aws:s3:::mybucket' },
        object: { key: 'HappyFace.jpg', size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko', sequencer: '0055AED6DCD90281E5' },
      },
    },
  ],
};
// The documented test message.
const documentedTest = {
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2014-10-13T15:57:02.089Z',
  Bucket: 'bucketname',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
};

/** Every path to a leaf, with the leaf's JSON type: the shape of a message. */
const shape = (value: unknown, path = ''): string[] =>
  value !== null && typeof value === 'object'
    ? Object.entries(value).flatMap(([k, v]) => shape(v, `${path}.${k}`))
    : [`${path}: ${typeof value}`];

const example = documented.Records[0]!;
const happening = (overrides: { key?: string; versionId?: string } = {}) => ({
  bucket: example.s3.bucket.name,
  object: {
    key: overrides.key ?? example.s3.object.key,
    size: example.s3.object.size,
    etag: `"${example.s3.object.eTag}"`,
    lastModified: new Date(0),
    contentType: 'image/jpeg',
    metadata: {},
    versionId: 'versionId' in overrides ? overrides.versionId : example.s3.object.versionId,
  },
  eventName: example.eventName,
  eventTime: new Date(example.eventTime),
  principalId: example.userIdentity.principalId,
  sourceIPAddress: example.requestParameters.sourceIPAddress,
  requestId: example.responseElements['x-amz-request-id'],
  hostId: example.responseElements['x-amz-id-2'],
});
const context = { region: example.awsRegion, accountId: '123456789012', sequencer: example.s3.object.sequencer };

describe('the ObjectCreated record', () => {
  const record = s3EventRecord(happening(), { id: example.s3.configurationId }, context);

  it('has exactly the documented fields, each of the documented type', () => {
    expect(shape({ Records: [record] })).toEqual(shape(documented));
  });

  it('equals the documented example field by field, the bucket owner being the local account', () => {
    const owner = ownerPrincipalId(context.accountId);
    expect(owner).toMatch(/^A[0-9A-Z]{13}$/);
    expect(record).toEqual({ ...example, s3: { ...example.s3, bucket: { ...example.s3.bucket, ownerIdentity: { principalId: owner } } } });
  });

  it('has no versionId when the bucket is not versioned', () => {
    const unversioned = s3EventRecord(happening({ versionId: undefined }), { id: 'c' }, context);
    expect(unversioned.s3.object).not.toHaveProperty('versionId');
  });
});

describe('the test event', () => {
  it('has the documented fields and values', () => {
    const test = s3TestEvent('bucketname', new Date(documentedTest.Time));
    expect(Object.keys(test)).toEqual(Object.keys(documentedTest));
    expect({ ...test, RequestId: documentedTest.RequestId, HostId: documentedTest.HostId }).toEqual(documentedTest);
    expect(test.RequestId).toMatch(/^[0-9A-F]{16}$/);
  });
});

describe('the object key in an event', () => {
  it('is URL-encoded as S3 does: a space is +, / is kept, other bytes %XX', () => {
    expect(eventObjectKey('red flower.jpg')).toBe('red+flower.jpg');
    expect(eventObjectKey('incoming/2026-12-01/camt.053_v08.xml')).toBe('incoming/2026-12-01/camt.053_v08.xml');
    expect(eventObjectKey('exports/day=2026-12-01/客户+ü.jsonl')).toBe('exports/day%3D2026-12-01/%E5%AE%A2%E6%88%B7%2B%C3%BC.jsonl');
  });

  it('decodes back to the key the way consumers are told to', () => {
    for (const key of ['red flower.jpg', 'a+b/c d=1&x?.xml', '客户/ü ü']) {
      expect(decodeURIComponent(eventObjectKey(key).replace(/\+/g, ' '))).toBe(key);
    }
  });
});

describe('the sequencer', () => {
  it('grows with every event, even within one millisecond, as 18 hex digits', () => {
    const sequencer = new Sequencer();
    const values = [sequencer.next(1_000), sequencer.next(1_000), sequencer.next(999), sequencer.next(2_000)];
    for (const v of values) expect(v).toMatch(/^[0-9A-F]{18}$/);
    expect([...values].sort()).toEqual(values);
    expect(new Set(values).size).toBe(values.length);
  });
});

describe('which configurations an event matches', () => {
  const c: QueueNotification = { id: 'x', bucket: 'files', queueArn: 'arn', events: ['s3:ObjectCreated:*'], prefix: 'incoming/', suffix: '.xml' };

  it('matches the bucket, the event type (with its wildcard) and both key filter rules', () => {
    expect(configurationMatches(c, 'files', 'incoming/a.xml', 'ObjectCreated:Put')).toBe(true);
    expect(configurationMatches(c, 'files', 'incoming/a.xml', 'ObjectCreated:Copy')).toBe(true);
    expect(configurationMatches(c, 'files', 'incoming/a.csv', 'ObjectCreated:Put')).toBe(false);
    expect(configurationMatches(c, 'files', 'other/a.xml', 'ObjectCreated:Put')).toBe(false);
    expect(configurationMatches(c, 'other', 'incoming/a.xml', 'ObjectCreated:Put')).toBe(false);
    expect(configurationMatches(c, 'files', 'incoming/a.xml', 'ObjectRemoved:Delete')).toBe(false);
    expect(configurationMatches({ ...c, events: ['s3:ObjectCreated:Copy'] }, 'files', 'incoming/a.xml', 'ObjectCreated:Put')).toBe(false);
  });
});
