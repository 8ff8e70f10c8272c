// Each function's deployable bundle, as `cdk synth` builds it: size, and module load time (a cold
// start's import of the handler module) against importing the AWS SDK client alone, in the same run.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_BUDGET_KB } from '../infra/bundling/budget';
import { fmt, median, printTable, type Row } from './measure';

const OUT = 'cdk.out';
const RUNS = 7;
const REFERENCE_PLACEHOLDER = 'bench-placeholder-for-a-cloudformation-reference';

type Resource = { Type: string; Properties?: any; Metadata?: Record<string, string> };

function functionBundles() {
  execFileSync('npx', ['cdk', 'synth', '--quiet', '-c', 'stage=dev', '-o', OUT], { stdio: 'inherit' });
  const manifest = JSON.parse(readFileSync(join(OUT, 'manifest.json'), 'utf8'));
  const stack = Object.values<any>(manifest.artifacts).find((a) => a.type === 'aws:cloudformation:stack');
  const template = JSON.parse(readFileSync(join(OUT, stack.properties.templateFile), 'utf8'));
  return Object.entries<Resource>(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['aws:asset:path'])
    .map(([logicalId, r]) => ({
      name: r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME ?? logicalId,
      file: join(OUT, r.Metadata!['aws:asset:path']!, 'index.mjs'),
      // Literal values as deployed (the stage's parameters are parsed at load); references become
      // placeholders, long enough to pass the load-time checks on keys (a pseudonym key has 32 bytes or more).
      env: Object.fromEntries(Object.entries<unknown>(r.Properties.Environment?.Variables ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : REFERENCE_PLACEHOLDER])),
    }));
}

/** Milliseconds to import `specifier` in a fresh Node process, measured inside it. */
function loadTime(specifier: string, env: Record<string, string>) {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...env, AWS_REGION: 'us-east-1', NODE_NO_WARNINGS: '1' },
  });
  return Number(out.toString());
}

const medianLoad = (specifier: string, env: Record<string, string> = {}) =>
  median(Array.from({ length: RUNS }, () => loadTime(specifier, env)));

export default async function bench() {
  const bundles = functionBundles();
  // Every folder under functions/ is deployed by some construct; one the stack does not build is a gap.
  const built = new Set(bundles.map((b) => b.name));
  const unbuilt = readdirSync('functions').filter((f) => !built.has(f));
  if (unbuilt.length) throw new Error(`functions/ folders with no bundle in the synthesized stack: ${unbuilt.join(', ')}`);
  const over: string[] = [];
  const sdkBaseline = medianLoad('@aws-sdk/client-dynamodb');
  const rows: Row[] = [];
  for (const b of bundles) {
    const kb = statSync(b.file).size / 1024;
    const ms = medianLoad(pathToFileURL(join(process.cwd(), b.file)).href, b.env);
    if (kb > BUNDLE_BUDGET_KB) over.push(`${b.name} (${fmt(kb)} KB)`);
    rows.push({ measure: `${b.name}: bundle`, value: `${fmt(kb)} KB${kb > BUNDLE_BUDGET_KB ? ' OVER BUDGET' : ''}`, target: `≤ ${BUNDLE_BUDGET_KB} KB minified` });
    rows.push({
      measure: `${b.name}: module load`,
      value: `${fmt(ms)} ms`,
      baseline: `${fmt(sdkBaseline)} ms (SDK DynamoDB client alone)`,
      ratio: fmt(ms / sdkBaseline, 2),
    });
  }
  printTable(`Function bundles (median of ${RUNS} cold imports each)`, rows);
  if (over.length) {
    console.error(`Over the ${BUNDLE_BUDGET_KB} KB bundle budget: ${over.join(', ')}`);
    process.exitCode = 1;
  }
}
