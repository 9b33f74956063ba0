/**
 * The Chromium every browser test and end-to-end test runs: Debian's, unless
 * CHROME_PATH points elsewhere. The flags keep it headless, quiet and off the
 * network (it runs as root in CI, hence no sandbox).
 */
export function chromiumPath(): string {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
