// The complaint events' JSON Schema files say what the zod contract says, and the examples satisfy both.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { render, SCHEMA_DIR } from '../../scripts/generate-schemas';
import { complaintDetailJsonSchema, exampleComplaintEvent } from '../../shared/contracts/events/complaint-event-schemas';
import { COMPLAINT_DETAIL_TYPES, complaintEvents, exampleComplaintDetails } from '../../shared/contracts/events/complaint-events';

const compile = (schema: object) => addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);

describe.each(COMPLAINT_DETAIL_TYPES)('%s v1', (detailType) => {
  const file = (kind: string) => readFileSync(`${SCHEMA_DIR}/${detailType}.v1.${kind}.json`, 'utf8');

  it('has committed JSON Schema and example files that match the zod contract (run `npm run schemas`)', () => {
    expect(file('schema')).toBe(render(complaintDetailJsonSchema(detailType)));
    expect(file('example')).toBe(render(exampleComplaintEvent(detailType)));
  });

  it('accepts its example in zod and in the JSON Schema, and refuses it without its complaintId', () => {
    const example = exampleComplaintDetails[detailType];
    expect(complaintEvents[detailType].safeParse(example).success).toBe(true);
    const validate = compile(complaintDetailJsonSchema(detailType));
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    const { complaintId: _drop, ...without } = example;
    expect(complaintEvents[detailType].safeParse(without).success).toBe(false);
    expect(compile(complaintDetailJsonSchema(detailType))(without)).toBe(false);
  });

  it('carries no description or personal data field', () => {
    const properties = Object.keys((complaintDetailJsonSchema(detailType) as { properties: object }).properties);
    for (const personal of ['description', 'fullName', 'email', 'phone', 'accountId']) expect(properties).not.toContain(personal);
  });
});
