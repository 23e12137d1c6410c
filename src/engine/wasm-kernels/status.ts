/**
 * Whether the SIMD heap kernels may run, as the start-up guard decided. Every path into the
 * kernels (wasmKernelsOf) asks here first, so one failed check turns all of them off.
 */
export interface HeapKernelStatus {
  active: boolean;
  /** Why they run (the checks passed) or why tf ops run instead. */
  reason: string;
}

let status: HeapKernelStatus | undefined;

/** The guard's verdict; undefined before it has run (the kernels are then allowed, as before it existed). */
export function heapKernelStatus(): HeapKernelStatus | undefined {
  return status;
}

export function setHeapKernelStatus(next: HeapKernelStatus | undefined): void {
  status = next;
}

export function heapKernelsAllowed(): boolean {
  return status?.active !== false;
}
