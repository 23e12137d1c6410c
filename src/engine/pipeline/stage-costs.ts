/**
 * The cost of the stages after training, in the plan's unit (multiply-adds of training, wasm backend
 * with the native products), measured on a quick-like run (784-1000-500-250-30, 10,000 training and
 * 10,000 test images) where training ran at about 8e9 a second on this machine: an L-BFGS iteration
 * on 10,000 rows took about 44 ms on raw pixels and 9 ms on 30-d codes (a fixed cost per row and class
 * beside the products: LOGREG_DIM_OVERHEAD); an arm's pass over train and test images about 3.5 s;
 * the PCA fit about 5 s at 10,000 rows and 2.4 s at 3,000 (the scatter matrix, then the eigenvectors).
 */
export const LOGREG_CLASSES = 10;
export const LOGREG_COST_PER_PRODUCT = 4.5;
export const LOGREG_DIM_OVERHEAD = 140;
export const EVALUATION_COST_PER_PRODUCT = 0.5;
export const PCA_COST_PER_SCATTER_PRODUCT = 5;
export const PCA_COST_PER_EIGEN_PRODUCT = 25;

/** Multiply-adds of one L-BFGS iteration of 10-class logistic regression on `count` rows of `dim` features. */
export function logregIterationCost(count: number, dim: number): number {
  return count * (dim + LOGREG_DIM_OVERHEAD) * LOGREG_CLASSES * LOGREG_COST_PER_PRODUCT;
}

/** Multiply-adds of the scatter matrix of `count` rows of `dim` features, PCA's first step. */
export function pcaScatterCost(count: number, dim: number): number {
  return count * dim * dim * PCA_COST_PER_SCATTER_PRODUCT;
}

/** Multiply-adds of fitting PCA to `count` rows of `dim` features (the scatter matrix, then its eigenvectors). */
export function pcaFitCost(count: number, dim: number): number {
  return pcaScatterCost(count, dim) + dim ** 3 * PCA_COST_PER_EIGEN_PRODUCT;
}

/** The PCA fit is counted in hundredths of its cost. */
export const PCA_FIT_STEPS = 100;
