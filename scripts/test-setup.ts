import { execFileSync, spawnSync } from 'node:child_process';
import { findChromium } from '../test/helpers/chromium.ts';
import { findProgram, installHint, Programs, type Program } from '../test/helpers/programs.ts';

/**
 * The first step of `npm test`: makes sure the machine has what the tests
 * run besides Node (a Chrome or Chromium, redis-server, nginx, openssl). On
 * Debian or Ubuntu it installs what is missing, as root or through sudo;
 * elsewhere it stops before any test with what to install and how.
 */
const missing: Program[] = Object.values(Programs).filter((program) => !findProgram(program));
const browserMissing = findChromium() === undefined;

if (missing.length === 0 && !browserMissing) process.exit(0);

const packages = [...(browserMissing ? ['chromium'] : []), ...missing.map((program) => program.apt)];
const names = [...(browserMissing ? ['a Chrome or Chromium'] : []), ...missing.map((program) => program.command)];

function succeeds(command: string, args: readonly string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

const isRoot = process.getuid?.() === 0;
const canApt = process.platform === 'linux' && succeeds('apt-get', ['--version']);
const canSudo = !isRoot && canApt && succeeds('sudo', ['-n', 'true']);

if (!canApt || (!isRoot && !canSudo)) {
  console.error(`The tests need ${names.join(', ')}, which this machine lacks. Install them first:`);
  console.error(`  ${installHint(missing, browserMissing)}`);
  process.exit(1);
}

console.log(`Installing ${packages.join(' ')} for the tests…`);
const run = (args: readonly string[]): void => {
  const [command, ...rest] = isRoot ? args : ['sudo', '-n', ...args];
  execFileSync(command!, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
};
run(['apt-get', 'update', '-qq']);
run(['apt-get', 'install', '-y', '-qq', ...packages]);
