// Each function's minified ESM bundle stays within this: a cold start loads and compiles all of it, and
// the SDK the runtime provides is not in it. tests/infra/cdk-synth.test.ts fails a bundle over it;
// `npm run bench -- bundles` flags one.
export const BUNDLE_BUDGET_KB = 250;
