import { waitUntil } from '@open-wc/testing';
import type { WspEchoDemo } from '../../../src/components/wsp-echo-demo.ts';

/** Drives an echo demo the way a reader does: through its buttons and fields. */
export class EchoDemoDriver {
  constructor(readonly demo: WspEchoDemo) {}

  get root(): ShadowRoot {
    return this.demo.shadowRoot!;
  }

  button(id: string): HTMLButtonElement {
    return this.root.querySelector<HTMLButtonElement>(`#${id}`)!;
  }

  /** Every line of the demo's log, as text. */
  logLines(): string[] {
    const log = this.root.querySelector('wsp-event-log')!;
    return [...log.shadowRoot!.querySelectorAll('li')].map((item) =>
      [...item.children].map((cell) => cell.textContent!.replace(/\s+/g, ' ').trim()).join(' '),
    );
  }

  async waitForLog(pattern: RegExp, message = `a log line matching ${pattern}`): Promise<string> {
    await waitUntil(() => this.logLines().some((line) => pattern.test(line)), message, { timeout: 5000 });
    return this.logLines().find((line) => pattern.test(line))!;
  }

  async connect(): Promise<void> {
    this.button('connect').click();
    await this.waitForLog(/Open: the handshake succeeded/);
    await this.demo.updateComplete;
  }

  async echo(text: string): Promise<void> {
    const input = this.root.querySelector<HTMLInputElement>('#message')!;
    input.value = text;
    this.button('send-text').click();
    await this.waitForLog(new RegExp(`received ↓ Received text "${text}"`));
  }
}
