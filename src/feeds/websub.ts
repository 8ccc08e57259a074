/**
 * Tells a WebSub hub that feeds changed (the publisher's "publish" ping): one form POST per URL,
 * which every hub accepts. A failure is reported, never thrown: the feeds are published anyway,
 * and subscribers still get them by polling.
 */
export async function pingHub(
  hub: string,
  urls: string[],
  post: typeof fetch = fetch,
): Promise<{ url: string; error?: string }[]> {
  return Promise.all(
    urls.map(async (url) => {
      try {
        const response = await post(hub, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': url }).toString(),
          signal: AbortSignal.timeout(10_000),
        });
        await response.body?.cancel();
        return response.ok ? { url } : { url, error: `hub answered ${response.status}` };
      } catch (error) {
        return { url, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}
