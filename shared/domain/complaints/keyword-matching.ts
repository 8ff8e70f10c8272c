// Finding known words in a customer's free text, in English and Chinese. Chinese is written without
// spaces, so a Chinese term matches anywhere; an English term must stand as a word ("fee" is not in
// "feedback", "sue" is not in "issue"). This is keyword spotting, not language understanding; the one
// piece of grammar it reads is a denial right before a term (isNegatedAt).

/**
 * Fold the forms a customer may type into one: full-width Latin letters and digits (ＡＴＭ, common on
 * Chinese keyboards) become ASCII, curly apostrophes straight, case and runs of spaces ignored.
 */
export const normaliseText = (text: string): string =>
  text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

const patterns = new Map<string, RegExp | string>();

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A term is either Chinese (substring) or English (word-bounded). In English terms a space or a hyphen
// matches any run of spaces and hyphens, or none ("log in", "log-in", "login"); a trailing `*` makes the
// term a prefix ("unauthori*" covers -sed, -zed, -sation).
const patternFor = (term: string): RegExp | string => {
  const cached = patterns.get(term);
  if (cached !== undefined) return cached;
  const folded = normaliseText(term);
  let pattern: RegExp | string;
  if (/[^\x00-\x7f]/.test(folded)) {
    pattern = folded;
  } else {
    const prefix = folded.endsWith('*');
    const body = (prefix ? folded.slice(0, -1) : folded)
      .split(/[\s-]+/)
      .map(escapeRegExp)
      .join('[\\s-]*');
    pattern = new RegExp(`(?<![a-z0-9])${body}${prefix ? '' : '(?![a-z])'}`);
  }
  patterns.set(term, pattern);
  return pattern;
};

/** Whether `term` occurs in text already passed through {@link normaliseText}. */
export const containsTerm = (normalisedText: string, term: string): boolean => {
  const pattern = patternFor(term);
  return typeof pattern === 'string' ? normalisedText.includes(pattern) : pattern.test(normalisedText);
};

/** The terms of `terms` that occur in `text`, in the order given, each once. */
export const findTerms = (text: string, terms: readonly string[]): string[] => {
  const normalised = normaliseText(text);
  return [...new Set(terms)].filter((term) => containsTerm(normalised, term));
};

/** Where `term` occurs in normalised text: the start index of every occurrence. */
export const termPositions = (normalisedText: string, term: string): number[] => {
  const pattern = patternFor(term);
  const positions: number[] = [];
  if (typeof pattern === 'string') {
    for (let i = normalisedText.indexOf(pattern); i >= 0; i = normalisedText.indexOf(pattern, i + 1)) positions.push(i);
    return positions;
  }
  const global = new RegExp(pattern.source, 'g');
  for (const m of normalisedText.matchAll(global)) positions.push(m.index ?? 0);
  return positions;
};

// A mention denied right before it ("not fraud", "no fee", "不是盗刷", "并非年费") is no evidence for its
// category: "不是盗刷，是年费" is about a fee. Colloquial denials of having acted ("根本不是我操作的",
// "I did not make this") are terms of their own (fraud), so they are not caught here.
const ENGLISH_NEGATION = /(?:\b(?:not|no|never|isn't|wasn't|aren't|without)\s+(?:a\s+|an\s+|the\s+|any\s+)?)$/;
const CHINESE_NEGATION = /(?:不是|并非|并不是|没有|不属于|非)$/;

/** Whether the occurrence at `index` is denied by the words right before it. */
export const isNegatedAt = (normalisedText: string, index: number): boolean => {
  const before = normalisedText.slice(Math.max(0, index - 16), index);
  return ENGLISH_NEGATION.test(before) || CHINESE_NEGATION.test(before);
};
