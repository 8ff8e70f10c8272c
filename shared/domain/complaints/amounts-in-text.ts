// Money written in a complaint's text ("8万元", "¥3,000", "$80,000", "{$80000.00}" as the CFPB redacts it,
// "£1,200"), for severity when the intake gave no disputed amount: a customer who writes that 80,000 yuan
// left the account has a disputed amount, whether or not a form field says so.
export interface AmountInText {
  /** Integer minor units (2 decimals for CNY, USD, GBP). */
  readonly minor: number;
  readonly currency: 'CNY' | 'USD' | 'GBP';
}

const number = (s: string) => Number(s.replaceAll(',', ''));
const PATTERNS: readonly { re: RegExp; currency: AmountInText['currency']; scale: number }[] = [
  { re: /(\d+(?:\.\d+)?)\s*万\s*(?:元|块|人民币)?/g, currency: 'CNY', scale: 10_000 },
  { re: /(\d[\d,]*(?:\.\d+)?)\s*(?:元|块钱|人民币)/g, currency: 'CNY', scale: 1 },
  { re: /(?:[¥￥]|rmb\s?|cny\s?)(\d[\d,]*(?:\.\d+)?)/gi, currency: 'CNY', scale: 1 },
  { re: /\$\s?(\d[\d,]*(?:\.\d{1,2})?)/g, currency: 'USD', scale: 1 },
  { re: /(\d[\d,]*(?:\.\d{1,2})?)\s*(?:dollars|usd)\b/gi, currency: 'USD', scale: 1 },
  { re: /£\s?(\d[\d,]*(?:\.\d{1,2})?)/g, currency: 'GBP', scale: 1 },
];

export const amountsInText = (text: string): AmountInText[] => {
  const found: AmountInText[] = [];
  const taken: [number, number][] = [];
  for (const { re, currency, scale } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      // "8万元" is one amount, not also "元" after a number: the first pattern to claim the text keeps it.
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      const value = number(m[1]!) * scale;
      if (!Number.isFinite(value) || value <= 0) continue;
      taken.push([start, end]);
      found.push({ minor: Math.round(value * 100), currency });
    }
  }
  return found;
};

/** The largest amount written in `currency`, if any. */
export const largestAmountInText = (text: string, currency: string): number | undefined => {
  const amounts = amountsInText(text).filter((a) => a.currency === currency).map((a) => a.minor);
  return amounts.length ? Math.max(...amounts) : undefined;
};
