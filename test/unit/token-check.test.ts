import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokenRejectedReason } from '../../src/renderer/src/api/token-check.ts';

const PAGE = 'http://127.0.0.1:5123/?token=not-the-hosts-token';

describe('a page whose token the host refuses', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('on first load is told its token is wrong, not that the host came back with another', async () => {
    vi.stubGlobal('fetch', async () => ({ status: 401 }));
    const first = await tokenRejectedReason(PAGE, false);
    expect(first).toContain("refuses this page's access token");
    expect(first).not.toContain('is back');
    expect(await tokenRejectedReason(PAGE, true)).toContain('back with a different access token');
  });

  it('says nothing when the host accepts the token or cannot be reached', async () => {
    vi.stubGlobal('fetch', async () => ({ status: 200 }));
    expect(await tokenRejectedReason(PAGE, false)).toBeUndefined();
    vi.stubGlobal('fetch', async () => {
      throw new Error('connection refused');
    });
    expect(await tokenRejectedReason(PAGE, false)).toBeUndefined();
  });
});
