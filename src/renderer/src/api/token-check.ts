import { TOKEN_PARAM } from '../../../shared/wire.ts';

/**
 * Whether the host behind `pageUrl` is up but refuses this page's token, as after `workbench
 * serve` restarts with a new one (`everConnected`) or when the page was opened with a wrong one:
 * a WebSocket handshake cannot tell the page why it failed.
 */
export async function tokenRejectedReason(pageUrl: string, everConnected = true): Promise<string | undefined> {
  const page = new URL(pageUrl);
  const token = page.searchParams.get(TOKEN_PARAM) ?? '';
  try {
    const response = await fetch(new URL('/api/listPresets', page.origin), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    if (response.status !== 401) return undefined;
    return everConnected
      ? 'The host is back with a different access token: open the URL it printed.'
      : "The host refuses this page's access token: open the URL `workbench serve` printed, with its ?token=….";
  } catch {
    return undefined;
  }
}
