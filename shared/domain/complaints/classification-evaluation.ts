// How well the classifier reads real complaints: each evaluation case's expected category (from the
// CFPB's own product / issue / sub-issue names, or the label a person gave a Chinese complaint) against
// what the classifier makes of the text alone. Used by the accuracy test (a floor) and by
// `npm run bench -- classification` (the figures per category).
import { type ComplaintCategory, COMPLAINT_CATEGORIES } from './categories';
import { categoryFromCfpbNames, type CfpbComplaintNames } from './cfpb-taxonomy';
import { classifyComplaint } from './classification';

export interface EvaluationCase {
  readonly id: string;
  readonly text: string;
  readonly expected: ComplaintCategory;
}

export interface CfpbNarrative extends CfpbComplaintNames {
  readonly complaintId: string;
  readonly narrative: string;
}

/** A CFPB narrative as a case: the category its own names map to; none if they map to nothing. */
export const cfpbCase = (n: CfpbNarrative): EvaluationCase | undefined => {
  const match = categoryFromCfpbNames(n);
  return match ? { id: `CFPB-${n.complaintId}`, text: n.narrative, expected: match.category } : undefined;
};

export interface Evaluation {
  readonly cases: number;
  readonly correct: number;
  readonly accuracy: number;
  /** Per expected category: how many cases, how many right. */
  readonly byCategory: Readonly<Record<ComplaintCategory, { cases: number; correct: number }>>;
  /** Answers flagged for a handler (low confidence), and how many of those were wrong. */
  readonly flagged: number;
  readonly flaggedWrong: number;
  readonly misses: readonly { id: string; expected: ComplaintCategory; got: ComplaintCategory }[];
}

export const evaluate = (cases: readonly EvaluationCase[]): Evaluation => {
  const byCategory = Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, { cases: 0, correct: 0 }])) as Record<ComplaintCategory, { cases: number; correct: number }>;
  const misses: { id: string; expected: ComplaintCategory; got: ComplaintCategory }[] = [];
  let flagged = 0;
  let flaggedWrong = 0;
  for (const c of cases) {
    const answer = classifyComplaint({ description: c.text });
    const right = answer.category === c.expected;
    byCategory[c.expected].cases++;
    if (right) byCategory[c.expected].correct++;
    else misses.push({ id: c.id, expected: c.expected, got: answer.category });
    if (answer.needsReview) {
      flagged++;
      if (!right) flaggedWrong++;
    }
  }
  const correct = cases.length - misses.length;
  return { cases: cases.length, correct, accuracy: cases.length ? correct / cases.length : 0, byCategory, flagged, flaggedWrong, misses };
};
