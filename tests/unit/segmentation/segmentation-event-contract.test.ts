// CustomerSegmentChanged: the committed JSON Schema is what the zod contract generates, and it accepts
// the example and the events segmentation builds, and refuses an event without a segment.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { render, SCHEMA_DIR } from '../../../scripts/generate-schemas';
import { exampleSegmentChanged, exampleSegmentChangedEvent, segmentChangedJsonSchema } from '../../../shared/contracts/events/segment-changed';

const file = (suffix: string) => readFileSync(`${SCHEMA_DIR}/CustomerSegmentChanged.v1.${suffix}.json`, 'utf8');

describe('CustomerSegmentChanged JSON Schema', () => {
  it('is up to date with the zod contract (npm run schemas)', () => {
    expect(file('schema')).toBe(render(segmentChangedJsonSchema()));
    expect(file('example')).toBe(render(exampleSegmentChangedEvent()));
  });

  it('accepts the example and refuses a detail without its segment', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(segmentChangedJsonSchema());
    expect(validate(exampleSegmentChanged)).toBe(true);
    const { segment: _s, ...withoutSegment } = exampleSegmentChanged;
    expect(validate(withoutSegment)).toBe(false);
  });
});
