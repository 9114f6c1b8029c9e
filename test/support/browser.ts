import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; `.ci/run` installs it. Without it the browser suite is skipped, loudly. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

if (!chromiumAvailable) {
  const banner = '!'.repeat(78);
  console.warn(`\n${banner}\n!! ${CHROMIUM} is missing: the browser (e2e) tests are SKIPPED.\n!! Install it with: apt-get install -y chromium\n${banner}\n`);
  if (process.env.CI) throw new Error(`CI: ${CHROMIUM} must exist (.ci/run installs it)`);
}

/** Headless Chromium with the network chatter of a fresh profile turned off (this machine has no internet). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}
