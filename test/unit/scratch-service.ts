import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ApiError } from '../../src/shared/errors.ts';
import { openStore } from '../../src/main/store/store.ts';
import { WorkbenchService, type ServiceOptions } from '../../src/main/service/service.ts';

/** A service over a history file in a fresh temporary folder; `dispose` closes both and removes the folder. */
export function scratchService(options: Omit<ServiceOptions, 'store'> = {}): { service: WorkbenchService; dispose: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'wb-service-'));
  const service = new WorkbenchService({ store: openStore(join(dir, 'history.db')), ...options });
  return {
    service,
    dispose: async () => {
      await service.close();
      service.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The ApiError a request fails with; fails the test if it succeeds or throws anything else. */
export async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('the request succeeded');
}
