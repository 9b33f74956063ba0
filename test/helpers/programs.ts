import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The programs the tests start besides Node and a browser, and how a reader
 * gets each: the cluster tests run a redis-server (alone, or three joined
 * into a cluster by redis-cli) and an nginx of their own and make a
 * certificate with openssl.
 */
export interface Program {
  /** The command the tests run. */
  readonly command: string;
  /** Its package on Debian and Ubuntu (apt-get), and in Homebrew. */
  readonly apt: string;
  readonly brew: string;
  /** Where it lives when not on every PATH (Debian puts nginx in /usr/sbin). */
  readonly alsoIn?: readonly string[];
}

export const Programs = {
  redis: { command: 'redis-server', apt: 'redis-server', brew: 'redis' },
  // Joins the cluster tests' nodes into one cluster (Debian's redis-server depends on its package).
  redisCli: { command: 'redis-cli', apt: 'redis-tools', brew: 'redis' },
  nginx: { command: 'nginx', apt: 'nginx', brew: 'nginx', alsoIn: ['/usr/sbin', '/usr/local/sbin'] },
  openssl: { command: 'openssl', apt: 'openssl', brew: 'openssl' },
} as const satisfies Record<string, Program>;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The program's path on PATH (or where else it lives), or undefined. */
export function findProgram(program: Program): string | undefined {
  const folders = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...(program.alsoIn ?? [])];
  return folders.map((folder) => join(folder, program.command)).find(executable);
}

/** How to install these packages on this machine, in one line. */
export function installHint(programs: readonly Program[], browser = false): string {
  if (process.platform === 'darwin') {
    const brew = [...new Set(programs.map((program) => program.brew))];
    return [
      brew.length > 0 ? `brew install ${brew.join(' ')}` : '',
      browser ? 'brew install --cask google-chrome (or set CHROME_PATH)' : '',
    ]
      .filter(Boolean)
      .join('; ');
  }
  const apt = [...(browser ? ['chromium'] : []), ...programs.map((program) => program.apt)];
  return `on Debian or Ubuntu: sudo apt-get install ${apt.join(' ')}${browser ? ' (or set CHROME_PATH)' : ''}`;
}

/** The program's path; a clear Error naming it and how to get it when it is not installed. */
export function requireProgram(program: Program): string {
  const path = findProgram(program);
  if (!path)
    throw new Error(
      `${program.command} is not installed, and this test runs it. Install it: ${installHint([program])}.`,
    );
  return path;
}
