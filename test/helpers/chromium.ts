import { Launcher } from 'chrome-launcher';
import { installHint } from './programs.ts';

let found: string | undefined;

/**
 * The Chrome or Chromium every browser test and end-to-end test runs:
 * CHROME_PATH when set, else the first installation chrome-launcher finds
 * where Linux, macOS and Windows keep them, or undefined.
 */
export function findChromium(): string | undefined {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  try {
    found ??= Launcher.getInstallations()[0];
  } catch {
    // Its search shells out (which, grep, awk); where that fails, nothing was found.
  }
  return found;
}

/** The browser's path; a clear Error saying how to get one when there is none. */
export function chromiumPath(): string {
  const path = findChromium();
  if (!path)
    throw new Error(`No Chrome or Chromium found for the browser tests. Install one: ${installHint([], true)}.`);
  return path;
}

/** Headless, quiet and off the network; no sandbox, as CI runs it as root. */
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
