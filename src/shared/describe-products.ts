import type { ProductPath } from './results.ts';

/** One line on where the matrix products ran, e.g. `products on OpenBLAS (1 thread)`. */
export function describeProducts(products: ProductPath): string {
  if (products.path === 'xnnpack') return `products on XNNPACK (${products.reason})`;
  const threads = products.threads ? ` (${products.threads} thread${products.threads === 1 ? '' : 's'})` : '';
  return `products on ${products.library ?? 'BLAS'}${threads}`;
}
