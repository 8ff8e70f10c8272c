// The bundles' stand-in for semver (infra/bundling/semver-gte.cjs) answers gte as semver does for the
// versions the X-Ray SDK's check compares: releases, and a prerelease against its release.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

type Gte = { gte: (a: string, b: string) => boolean };
const require = createRequire(import.meta.url);
const shim = require('../../../infra/bundling/semver-gte.cjs') as Gte;
// The real one, as the X-Ray SDK would have it without the alias.
const semver = require('semver') as Gte;

describe('semver-gte.cjs', () => {
  it('agrees with semver.gte on release versions', () => {
    const version = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30)).map((v) => v.join('.'));
    fc.assert(fc.property(version, version, (a, b) => shim.gte(a, b) === semver.gte(a, b)));
    expect(shim.gte('2.1692.0', '2.7.15')).toBe(true);
    expect(shim.gte('2.7.14', '2.7.15')).toBe(false);
  });

  it('puts a prerelease below its release, and refuses what is not a version', () => {
    expect(shim.gte('2.7.15-beta.1', '2.7.15')).toBe(semver.gte('2.7.15-beta.1', '2.7.15'));
    expect(shim.gte('2.7.15', '2.7.15-beta.1')).toBe(true);
    expect(() => shim.gte('two', '2.7.15')).toThrow(/Invalid Version/);
  });
});
