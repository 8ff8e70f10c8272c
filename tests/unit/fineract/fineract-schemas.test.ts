// The bundle carries the schemas packed (scripts/fineract-schema-pack.ts); the JSON files are what a
// reviewer reads. The two must be the same schemas, in the order the adapter parses them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodedSchemas, publishedSchemas } from '../../../shared/fineract/schemas';
import sources from '../../../shared/fineract/schemas/sources.json';

const dir = join(__dirname, '../../../shared/fineract/schemas');

describe('packed Fineract schemas', () => {
  it('are exactly the JSON files, in sources.json order', () => {
    const files = sources.decoded.map((d) => JSON.parse(readFileSync(join(dir, d.file), 'utf8')));
    expect(decodedSchemas).toEqual(files);
    expect(decodedSchemas).toHaveLength(59);
  });

  it('list every schema the release publishes', () => {
    expect(publishedSchemas).toEqual(sources.published);
  });
});
