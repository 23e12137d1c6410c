/**
 * Loss-and-gradient evaluations one conjugate-gradient update makes on a batch: one at the start,
 * then about three per line search (minimize.m's extrapolation and interpolation trials). Measured:
 * about 10 for 3 line searches on the paper's stack; 7-8 on small random-start stacks (784-100-30,
 * 784-200-100-30, batches of 1,000 MNIST images), 13-14 on the very first batch.
 */
export const CG_EVALUATIONS_PER_LINE_SEARCH = 3;

export function cgEvaluationsPerBatch(lineSearches: number): number {
  return 1 + CG_EVALUATIONS_PER_LINE_SEARCH * lineSearches;
}
