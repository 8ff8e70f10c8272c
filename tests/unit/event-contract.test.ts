// The JSON Schema files producers use must say what the zod contract says.
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORE_BANKING_DETAIL_TYPES, coreBankingEvents } from '../../shared/contracts/events';
import { exampleDetails } from '../../shared/contracts/events/examples';
import { detailJsonSchema, exampleEvent } from '../../shared/contracts/events/json-schema';
import { render, SCHEMA_DIR } from '../../scripts/generate-schemas';

// A fresh validator per schema: ajv refuses to compile the same $id twice.
const compile = (schema: object) => addFormats(new Ajv2020({ allErrors: true, strict: false })).compile(schema);

describe.each(CORE_BANKING_DETAIL_TYPES)('%s v1', (detailType) => {
  const file = (kind: string) => readFileSync(`${SCHEMA_DIR}/${detailType}.v1.${kind}.json`, 'utf8');

  it('has committed JSON Schema and example files that match the zod contract (run `npm run schemas`)', () => {
    expect(file('schema')).toBe(render(detailJsonSchema(detailType)));
    expect(file('example')).toBe(render(exampleEvent(detailType)));
  });

  it('accepts its example in both the zod schema and the JSON Schema', () => {
    const detail = exampleDetails[detailType];
    expect(coreBankingEvents[detailType].safeParse(detail).success).toBe(true);
    const validate = compile(JSON.parse(file('schema')));
    expect(validate(detail), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects the example without its customerId in both, naming the field', () => {
    const { customerId: _, ...detail } = exampleDetails[detailType];
    const zodResult = coreBankingEvents[detailType].safeParse(detail);
    expect(zodResult.success).toBe(false);
    expect(zodResult.error?.issues.map((i) => i.path.join('.'))).toContain('customerId');
    const validate = compile(JSON.parse(file('schema')));
    expect(validate(detail)).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('customerId');
  });
});

describe('money', () => {
  it('is integer minor units with an ISO 4217 code in both schemas', () => {
    const detail = { ...exampleDetails.TransactionPosted, amount: { minor: 10.5, currency: 'yuan' } };
    const zodIssues = coreBankingEvents.TransactionPosted.safeParse(detail).error?.issues.map((i) => i.path.join('.'));
    expect(zodIssues).toEqual(expect.arrayContaining(['amount.minor', 'amount.currency']));
    const validate = compile(detailJsonSchema('TransactionPosted'));
    expect(validate(detail)).toBe(false);
  });
});
