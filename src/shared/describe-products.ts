import type { ProductPath } from './results.ts';

/** One line on where the matrix products ran, e.g. `products on OpenBLAS`. */
export function describeProducts(products: ProductPath): string {
  if (products.path === 'xnnpack') return `products on XNNPACK (${products.reason})`;
  return `products on ${products.library ?? 'BLAS'}`;
}

/** The log line of a run's BLAS threads, e.g. `matrix products: 1 OpenBLAS thread for each of 2 training threads`. */
export function describeBlasShare(products: ProductPath, blasThreads: number, trainingThreads: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `matrix products: ${plural(blasThreads, `${products.library ?? 'BLAS'} thread`)} for each of ${plural(trainingThreads, 'training thread')}`;
}
