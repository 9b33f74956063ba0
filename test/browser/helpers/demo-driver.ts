import { waitUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';
import type { WspEchoDemo } from '../../../src/components/wsp-echo-demo.ts';
import { ShadowDriver, text } from './lesson-helpers.ts';

/** How long a lesson demo's step may take: a live server on a busy machine. */
export const DEMO_WAIT = { timeout: 8000 };

/**
 * Drives one demo of a lesson the way a reader does: through its buttons and
 * fields. A lesson's test extends it with what its own demos show.
 */
export class LessonDemoDriver extends ShadowDriver<LitElement> {
  text(selector: string): string {
    return text(this.root.querySelector(selector));
  }

  /** Waits until the button is there and enabled, then clicks it. */
  async click(selector: string): Promise<void> {
    await waitUntil(
      () => this.root.querySelector<HTMLButtonElement>(selector)?.disabled === false,
      `${selector} is enabled`,
      DEMO_WAIT,
    );
    this.find<HTMLButtonElement>(selector).click();
    await this.demo.updateComplete;
  }

  async check(selector: string, checked = true): Promise<void> {
    const input = this.find<HTMLInputElement>(selector);
    if (input.checked !== checked) input.click();
    await this.demo.updateComplete;
  }

  async select(selector: string, value: string): Promise<void> {
    const select = this.find<HTMLSelectElement>(selector);
    select.value = value;
    select.dispatchEvent(new Event('change'));
    await this.demo.updateComplete;
  }

  async waitFor(test: () => boolean, what: string, timeout = DEMO_WAIT.timeout): Promise<void> {
    await waitUntil(test, what, { timeout });
  }
}

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
