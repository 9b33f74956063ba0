import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chromiumPath, findChromium } from '../helpers/chromium.ts';
import { findProgram, requireProgram, type Program } from '../helpers/programs.ts';

describe('the programs the tests start', () => {
  it('names a missing program and how to install it, instead of failing to spawn it', () => {
    const missing: Program = {
      command: 'wsp-no-such-program',
      apt: 'wsp-no-such-package',
      brew: 'wsp-no-such-formula',
    };
    assert.throws(
      () => requireProgram(missing),
      (error: Error) =>
        error.message.startsWith('wsp-no-such-program is not installed') &&
        error.message.includes(
          process.platform === 'darwin' ? 'brew install wsp-no-such-formula' : 'apt-get install wsp-no-such-package',
        ),
    );
  });

  it('finds a program where it lives off the PATH', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'wsp-programs-'));
    const program: Program = { command: 'wsp-tool', apt: 'wsp-tool', brew: 'wsp-tool', alsoIn: [folder] };
    assert.equal(findProgram(program), undefined);
    await writeFile(join(folder, 'wsp-tool'), '#!/bin/sh\n');
    await chmod(join(folder, 'wsp-tool'), 0o755);
    assert.equal(findProgram(program), join(folder, 'wsp-tool'));
    await rm(folder, { recursive: true });
  });

  it('takes the browser from CHROME_PATH, and finds an installed one without it', () => {
    const saved = process.env.CHROME_PATH;
    try {
      process.env.CHROME_PATH = '/opt/some/chrome';
      assert.equal(chromiumPath(), '/opt/some/chrome');
      delete process.env.CHROME_PATH;
      // The tests themselves run in the browser found this way.
      assert.match(findChromium() ?? '', /chrom/i);
    } finally {
      if (saved === undefined) delete process.env.CHROME_PATH;
      else process.env.CHROME_PATH = saved;
    }
  });
});
