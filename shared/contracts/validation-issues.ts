import type * as z from 'zod/mini';

/** A validation failure naming the offending field, shared by rejected events and API problem documents. */
export type FieldIssue = { field: string; message: string };

export const fieldIssues = (error: z.core.$ZodError, prefix = ''): FieldIssue[] =>
  error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: issue.message,
  }));

export const describeIssues = (issues: FieldIssue[]) => issues.map((i) => `${i.field}: ${i.message}`).join('; ');
