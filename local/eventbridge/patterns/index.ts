// Amazon EventBridge event patterns for the local runtime: validation as PutRule does it, and matching
// as a rule on an event bus does it (the semantics of AWS's Event Ruler, which EventBridge runs).
export { compilePattern, matchesPattern } from './compile';
export { InvalidPatternError } from './errors';
export { validatePattern, type PatternValidation } from './validate';
