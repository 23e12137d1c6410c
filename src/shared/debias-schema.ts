import { z } from 'zod';
import type { DebiasSummary } from './debias-results.ts';

/** JSON stores NaN (a class with no conflicting sample has no AUROC) as null; read it back as NaN. */
const measure = z.preprocess((value) => (value === null ? Number.NaN : value), z.number());

const classDetection = z.object({
  digit: z.number().int(),
  count: z.number(),
  conflicting: z.number(),
  flagged: z.number(),
  auroc: measure,
  averagePrecision: measure,
  precision: measure,
  recall: measure,
  topFlagged: z.array(z.number().int()),
  topFlaggedConflicting: z.array(z.boolean()),
  curve: z.object({ precision: z.array(z.number()), recall: z.array(z.number()) }),
});

const methodDetection = z.object({
  auroc: measure,
  averagePrecision: measure,
  precision: measure,
  recall: measure,
  perClass: z.array(classDetection),
  seconds: z.number(),
});

/** The stored `summary.debias` of a ColoredMNIST run; the renderer checks it before showing it. */
export const debiasSummarySchema = z.object({
  dataset: z.object({ skew: z.number(), severity: z.number(), seed: z.number(), trainCount: z.number(), testCount: z.number() }),
  contamination: z.number(),
  methods: z.record(z.string(), methodDetection),
  best: z.string(),
  classifier: z.object({ plain: z.number(), reweighted: z.number(), flaggedBy: z.string(), upweight: z.number() }).optional(),
  seconds: z.number(),
}) satisfies z.ZodType<DebiasSummary>;

export function parseDebiasSummary(value: unknown): DebiasSummary | undefined {
  const parsed = debiasSummarySchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
