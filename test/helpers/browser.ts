import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium: playwright-core drives it; no browser is downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, as root in a container, and without the background traffic a closed network refuses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
