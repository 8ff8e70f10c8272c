// Copies the Fineract Avro schemas the adapter decodes into shared/fineract/schemas/, from a checkout
// of apache/fineract at a release tag:
//   npx tsx scripts/import-fineract-schemas.ts <fineract checkout> <release tag> <commit>
// It does what Fineract's own build does before generating its Java classes (fineract-avro-schemas/
// build.gradle, preprocessAvroSchemas): every "bigdecimal" type becomes the decimal of
// src/main/resources/avro-templates/bigdecimal.avsc. Docs are dropped (decoding ignores them and the
// bundle stays small); each file keeps the release and path it came from in sources.json.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { schemaIndexSource } from './fineract-schema-pack';

/** The payload schemas the mapping reads; everything they reference comes along. */
const ROOTS = [
  'org.apache.fineract.avro.MessageV1',
  'org.apache.fineract.avro.BulkMessagePayloadV1',
  'org.apache.fineract.avro.client.v1.ClientDataV1',
  'org.apache.fineract.avro.savings.v1.SavingsAccountDataV1',
  'org.apache.fineract.avro.savings.v1.SavingsAccountTransactionDataV1',
  'org.apache.fineract.avro.loan.v1.LoanAccountDataV1',
  'org.apache.fineract.avro.loan.v1.LoanTransactionDataV1',
  'org.apache.fineract.avro.loan.v1.LoanAccountDelinquencyRangeDataV1',
  'org.apache.fineract.avro.loan.v1.LoanTransactionAdjustmentDataV1',
];

const [checkout, release, commit] = process.argv.slice(2);
if (!checkout || !release || !commit) throw new Error('usage: import-fineract-schemas <fineract checkout> <release tag> <commit>');
const avroDir = join(checkout, 'fineract-avro-schemas/src/main/avro');
const bigdecimal = JSON.parse(readFileSync(join(checkout, 'fineract-avro-schemas/src/main/resources/avro-templates/bigdecimal.avsc'), 'utf8'));

type Json = unknown;
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.avsc') ? [join(dir, e.name)] : []));

const clean = (t: Json): Json => {
  if (t === 'bigdecimal') return bigdecimal;
  if (Array.isArray(t)) return t.map(clean);
  if (t && typeof t === 'object') return Object.fromEntries(Object.entries(t).filter(([k]) => k !== 'doc').map(([k, v]) => [k, clean(v)]));
  return t;
};
const references = (t: Json, into: Set<string>): Set<string> => {
  if (typeof t === 'string' && t.includes('.')) into.add(t);
  else if (Array.isArray(t)) t.forEach((x) => references(x, into));
  else if (t && typeof t === 'object') for (const v of Object.values(t)) references(v, into);
  return into;
};

const byName = new Map<string, { path: string; schema: Record<string, Json> }>();
for (const path of files(avroDir)) {
  const schema = clean(JSON.parse(readFileSync(path, 'utf8'))) as Record<string, Json>;
  byName.set(`${schema.namespace}.${schema.name}`, { path: relative(checkout, path), schema });
}

// Dependencies first, so that each schema can be parsed once everything it names is known.
const ordered: string[] = [];
const visit = (name: string, stack: string[] = []) => {
  if (ordered.includes(name)) return;
  if (stack.includes(name)) throw new Error(`schema cycle: ${[...stack, name].join(' → ')}`);
  const entry = byName.get(name);
  if (!entry) throw new Error(`${name} is referenced but not in ${avroDir}`);
  for (const dep of references(entry.schema.fields, new Set())) if (dep !== name) visit(dep, [...stack, name]);
  ordered.push(name);
};
ROOTS.forEach((r) => visit(r));

const out = 'shared/fineract/schemas';
const file = (name: string) => name.replace('org.apache.fineract.avro.', '');
for (const name of ordered) writeFileSync(join(out, `${file(name)}.json`), `${JSON.stringify(byName.get(name)!.schema)}\n`);
writeFileSync(
  join(out, 'sources.json'),
  `${JSON.stringify(
    {
      repository: 'apache/fineract',
      release,
      commit,
      decoded: ordered.map((name) => ({ name, file: `${file(name)}.json`, path: byName.get(name)!.path })),
      // Every schema the release publishes: a dataschema outside this list is not Fineract's.
      published: [...byName.keys()].sort(),
    },
    null,
    2,
  )}\n`,
);
// Packed in dependency order, so that the adapter parses them in one pass.
writeFileSync(join(out, 'index.ts'), schemaIndexSource(release, { decoded: ordered.map((name) => byName.get(name)!.schema), published: [...byName.keys()].sort() }));
console.log(`${ordered.length} schemas from ${release} written to ${out}`);
