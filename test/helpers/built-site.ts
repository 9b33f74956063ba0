import { after, before } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';

/** The built site served by the real live server, and Chromium to read it with. */
export class BuiltSite {
  #server: PlaygroundServer | undefined;
  #browser: Browser | undefined;

  get server(): PlaygroundServer {
    if (!this.#server) throw new Error('the live server is not started: call useBuiltSite() in the suite');
    return this.#server;
  }

  get browser(): Browser {
    if (!this.#browser) throw new Error('Chromium is not started: call useBuiltSite() in the suite');
    return this.#browser;
  }

  async start(): Promise<void> {
    this.#server = await startPlaygroundServer({ port: 0, logger: () => {} });
    this.#browser = await chromium.launch({
      executablePath: chromiumPath(),
      // Playwright sets headless itself.
      args: chromiumArgs.filter((arg) => !arg.startsWith('--headless')),
    });
  }

  async stop(): Promise<void> {
    await this.#browser?.close();
    await this.#server?.close();
  }
}

/** Registers the suite's hooks: the built site and Chromium start before its tests and stop after them. */
export function useBuiltSite(): BuiltSite {
  const site = new BuiltSite();
  before(() => site.start());
  after(() => site.stop());
  return site;
}
