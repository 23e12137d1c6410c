import { availableParallelism } from 'node:os';
import { productPath, setBlasThreads, setNativeProducts } from '../native-blas/products.ts';

/** A way the bench runs the wasm backend's products: XNNPACK, or the native BLAS on a thread count. */
export interface ProductSetting {
  name: 'xnnpack' | 'blas1Thread' | 'blasAllCores' | 'backend';
  native: boolean;
  threads?: number;
}

/**
 * The settings the bench compares in alternation: on wasm with the native BLAS loaded, XNNPACK,
 * BLAS on one thread and BLAS on every core; otherwise only what the backend does.
 */
export function productSettings(): ProductSetting[] {
  const path = productPath();
  if (!path) return [{ name: 'backend', native: false }];
  if (path.path !== 'blas') return [{ name: 'xnnpack', native: false }];
  const cores = availableParallelism();
  return [
    { name: 'xnnpack', native: false },
    { name: 'blas1Thread', native: true, threads: 1 },
    ...(cores > 1 ? [{ name: 'blasAllCores' as const, native: true, threads: cores }] : []),
  ];
}

export function applySetting(setting: ProductSetting): void {
  setNativeProducts(setting.native);
  if (setting.threads) setBlasThreads(setting.threads);
}

/** Back to what a run gets: the BLAS when loaded, on every core (one arm). */
export function restoreDefaultSetting(): void {
  setNativeProducts(productPath()?.path === 'blas');
  setBlasThreads(availableParallelism());
}
