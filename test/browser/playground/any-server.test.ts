import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../../src/playground/any-server/wsp-any-server.ts';
import type { WspAnyServer } from '../../../src/playground/any-server/wsp-any-server.ts';
import { TEMPLATES_KEY } from '../../../src/playground/any-server/templates.ts';
import { AnyServerSocket, AnyServerState } from '../../../src/transport/any-server.ts';
import { serverUrl } from '../helpers/live-servers.ts';

/** Waits long enough for a shared, busy machine: these wait for a real server, never measure it. */
const WAIT = { timeout: 15000, interval: 20 };

/** Drives <wsp-any-server> as a reader does: typing into its fields and pressing its buttons. */
class Driver {
  constructor(readonly element: WspAnyServer) {}

  get root(): ShadowRoot {
    return this.element.shadowRoot!;
  }

  control<T extends HTMLElement>(id: string): T {
    const found = this.root.getElementById(id);
    if (!found) throw new Error(`no #${id}`);
    return found as T;
  }

  status(): string {
    return this.control('status').textContent!.replace(/\s+/g, ' ').trim();
  }

  rows(): string[] {
    return [...this.root.querySelectorAll('.message')].map((row) => row.textContent!.replace(/\s+/g, ' ').trim());
  }

  async connect(url: string): Promise<void> {
    this.control<HTMLInputElement>('url').value = url;
    this.control<HTMLButtonElement>('connect').click();
    await this.element.updateComplete;
  }

  async connected(): Promise<void> {
    await waitUntil(() => this.status().startsWith('Connected to'), `not connected: ${this.status()}`, WAIT);
  }

  async compose(format: string, body: string): Promise<void> {
    const select = this.control<HTMLSelectElement>('format');
    select.value = format;
    select.dispatchEvent(new Event('change'));
    const textarea = this.control<HTMLTextAreaElement>('body');
    textarea.value = body;
    textarea.dispatchEvent(new InputEvent('input'));
    await this.element.updateComplete;
  }

  /** Sends `body` as `format` and waits for the echo: returns the two new rows, sent and received. */
  async echo(format: string, body: string): Promise<string[]> {
    const before = this.rows().length;
    await this.compose(format, body);
    this.control<HTMLButtonElement>('send').click();
    await waitUntil(() => this.rows().length >= before + 2, `no echo of ${body}: ${this.status()}`, WAIT);
    return this.rows().slice(before);
  }

  /** Follows an export link as a reader would, without the download, and reads the file it made. */
  async exported(id: 'export-har' | 'export-json'): Promise<unknown> {
    const link = this.control<HTMLAnchorElement>(id);
    link.addEventListener('click', (event) => event.preventDefault(), { once: true });
    link.click();
    expect(link.href).to.match(/^blob:/);
    expect(link.download).to.match(new RegExp(`^any-server-.*\\.${id === 'export-har' ? 'har' : 'json'}$`));
    return (await fetch(link.href)).json();
  }
}

async function render(): Promise<Driver> {
  return new Driver(await fixture<WspAnyServer>(html`<wsp-any-server></wsp-any-server>`));
}

interface HarMessage {
  type: string;
  time: number;
  opcode: number;
  data: string;
}

describe('talk to any server', function () {
  this.timeout(60000);
  let echo = '';

  before(async () => {
    echo = `${await serverUrl('live-server-url')}/echo`;
  });

  beforeEach(() => localStorage.removeItem(TEMPLATES_KEY));

  it('sends text, JSON, hex and base64 to a real echo server and lists each message with its size', async () => {
    const driver = await render();
    await driver.connect(echo);
    await driver.connected();
    expect(driver.status()).to.contain(echo);

    const [sentText, echoedText] = await driver.echo('text', 'héllo');
    expect(sentText).to.match(/↑ sent text, 6 bytes héllo$/);
    expect(echoedText).to.match(/↓ received text, 6 bytes héllo$/);
    const [, echoedJson] = await driver.echo('json', '{"n": 1}');
    expect(echoedJson).to.match(/↓ received text, 8 bytes \{"n": 1\}$/);
    const [sentHex, echoedHex] = await driver.echo('hex', 'de ad be ef');
    expect(sentHex).to.match(/↑ sent binary, 4 bytes de ad be ef$/);
    expect(echoedHex).to.match(/↓ received binary, 4 bytes de ad be ef$/);
    const [, echoedBase64] = await driver.echo('base64', 'aGVsbG8=');
    expect(echoedBase64).to.match(/↓ received binary, 5 bytes 68 65 6c 6c 6f$/);
    expect(driver.control('messages-count').textContent).to.contain('8 kept');

    const har = (await driver.exported('export-har')) as {
      log: { version: string; entries: { _resourceType: string; request: { url: string; method: string } }[] };
    };
    expect(har.log.version).to.equal('1.2');
    const [entry] = har.log.entries as unknown as {
      _resourceType: string;
      request: { url: string; method: string };
      response: { status: number };
      _webSocketMessages: HarMessage[];
    }[];
    expect(entry!._resourceType).to.equal('websocket');
    expect(entry!.request).to.include({ method: 'GET', url: echo });
    expect(entry!.response.status).to.equal(101);
    const messages = entry!._webSocketMessages;
    const sent = messages.filter((message) => message.type === 'send');
    const received = messages.filter((message) => message.type === 'receive');
    expect(sent.map((message) => message.opcode)).to.deep.equal([1, 1, 2, 2]);
    expect(received.map((message) => message.opcode)).to.deep.equal([1, 1, 2, 2]);
    expect(sent.map((message) => message.data)).to.deep.equal(['héllo', '{"n": 1}', '3q2+7w==', 'aGVsbG8=']);
    expect(received.map((message) => message.data)).to.deep.equal(sent.map((message) => message.data));
    const times = messages.map((message) => message.time);
    for (let i = 1; i < times.length; i++)
      expect(times[i], `message ${i} is not before ${i - 1}`).to.be.at.least(times[i - 1]!);
    expect(times.at(-1)).to.be.greaterThan(times[0]!);
    // Seconds since the epoch, as Chrome writes them: within a day of now.
    expect(Math.abs(times[0]! - Date.now() / 1000)).to.be.lessThan(86400);

    const json = (await driver.exported('export-json')) as { messages: { direction: string; size: number }[] };
    expect(json.messages.map((message) => message.size)).to.deep.equal([6, 6, 8, 8, 4, 4, 5, 5]);

    driver.control<HTMLButtonElement>('disconnect').click();
    await waitUntil(() => driver.status().startsWith('Closed'), `not closed: ${driver.status()}`, WAIT);
    expect(driver.status()).to.contain('code 1000');
    expect(driver.status()).to.contain('a clean close');
  });

  it('refuses junk JSON with the parser’s message, and sends nothing', async () => {
    const driver = await render();
    await driver.connect(echo);
    await driver.connected();
    await driver.compose('json', '{"n": ');
    driver.control<HTMLButtonElement>('send').click();
    await driver.element.updateComplete;
    expect(driver.status()).to.match(/^Not JSON, so not sent: /);
    const body = driver.control('body');
    expect(body.getAttribute('aria-invalid')).to.equal('true');
    expect(driver.control('body-error').textContent).to.match(/^Not JSON, so not sent: /);
    expect(body.getAttribute('aria-describedby')).to.equal('body-error');
    // Had the junk gone, its echo would arrive before this one.
    const rows = await driver.echo('text', 'after the junk');
    expect(rows).to.have.length(2);
    expect(driver.rows().join('\n')).to.not.contain('{"n": ');
    expect(body.getAttribute('aria-invalid')).to.equal('false');
  });

  it('says plainly what is wrong with a malformed URL, and keeps working', async () => {
    const driver = await render();
    await driver.connect('not a url');
    expect(driver.status()).to.contain('“not a url” is not a URL');
    await driver.connect('ftp://files.example/');
    expect(driver.status()).to.contain('starts with ftp:');
    await driver.connect(echo);
    await driver.connected();
    expect(await driver.echo('text', 'still here')).to.have.length(2);
  });

  it('says that a page is told nothing about why a server could not be reached, and keeps working', async () => {
    const port = await executeServerCommand('free-port');
    expect(port).to.be.a('number');
    const driver = await render();
    const nowhere = `ws://127.0.0.1:${String(port)}/`;
    await driver.connect(nowhere);
    await waitUntil(() => driver.status().startsWith('Could not connect'), `still: ${driver.status()}`, WAIT);
    expect(driver.status()).to.contain(nowhere);
    expect(driver.status()).to.contain('The browser tells a page nothing about why a connection failed');
    expect(driver.control<HTMLButtonElement>('connect').disabled).to.equal(false);
    const har = (await driver.exported('export-har')) as {
      log: { entries: { response: { status: number; _error: string } }[] };
    };
    expect(har.log.entries[0]!.response.status).to.equal(0);

    await driver.connect(echo);
    await driver.connected();
    expect(await driver.echo('text', 'reached')).to.have.length(2);
  });

  it('keeps a template, fills the composer from it and deletes it', async () => {
    const driver = await render();
    await driver.compose('hex', '01 02 03');
    driver.control<HTMLInputElement>('template-name').value = 'three bytes';
    driver.control<HTMLButtonElement>('save-template').click();
    await driver.element.updateComplete;
    expect(driver.status()).to.equal('Saved the template “three bytes”.');
    expect(JSON.parse(localStorage.getItem(TEMPLATES_KEY)!)).to.deep.equal([
      { name: 'three bytes', format: 'hex', body: '01 02 03' },
    ]);

    await driver.compose('text', 'something else');
    driver.root.querySelector<HTMLButtonElement>('button[aria-label="Use template “three bytes”"]')!.click();
    await driver.element.updateComplete;
    expect(driver.control<HTMLSelectElement>('format').value).to.equal('hex');
    expect(driver.control<HTMLTextAreaElement>('body').value).to.equal('01 02 03');

    driver.root.querySelector<HTMLButtonElement>('button[aria-label="Delete template “three bytes”"]')!.click();
    await driver.element.updateComplete;
    expect(JSON.parse(localStorage.getItem(TEMPLATES_KEY)!)).to.deep.equal([]);
    expect(driver.root.querySelector('.templates')).to.equal(null);
  });

  it('is accessible, with messages, a template and a refusal on show', async () => {
    const driver = await render();
    await driver.connect(echo);
    await driver.connected();
    await driver.echo('text', 'hello');
    driver.control<HTMLInputElement>('template-name').value = 'greeting';
    driver.control<HTMLButtonElement>('save-template').click();
    await driver.compose('hex', 'zz');
    driver.control<HTMLButtonElement>('send').click();
    await driver.element.updateComplete;
    await expect(driver.element).to.be.accessible();
    for (const id of ['url', 'format', 'body', 'template-name']) {
      const label = driver.root.querySelector(`label[for="${id}"]`);
      expect(label?.textContent?.trim(), `#${id} has a label`).to.not.equal('');
    }
  });

  it('fits a 360 px phone without scrolling sideways', async () => {
    const holder = await fixture<HTMLDivElement>(
      html`<div style="width: 360px"><wsp-any-server></wsp-any-server></div>`,
    );
    const driver = new Driver(holder.querySelector('wsp-any-server')!);
    await driver.connect(echo);
    await driver.connected();
    await driver.echo(
      'text',
      'a long line of text that must wrap inside the list rather than widen the page '.repeat(3),
    );
    expect(driver.element.scrollWidth).to.be.at.most(driver.element.clientWidth + 1);
    expect(driver.element.getBoundingClientRect().width).to.be.at.most(360);
  });

  it('keeps the newest messages within its limits of count and bytes, and counts those it dropped', async () => {
    const socket = new AnyServerSocket(echo, { messages: 5, bytes: 12 });
    await waitUntil(() => socket.state === AnyServerState.open, 'not open', WAIT);
    for (const text of ['m0', 'm1', 'm2']) {
      const before = socket.messages.length + socket.dropped;
      expect(socket.send(text)).to.equal(undefined);
      await waitUntil(() => socket.messages.length + socket.dropped === before + 2, `no echo of ${text}`, WAIT);
    }
    // Six messages of 2 bytes: the count keeps five, and 10 bytes fit in 12.
    expect(socket.messages.map((message) => message.data)).to.deep.equal(['m0', 'm1', 'm1', 'm2', 'm2']);
    expect(socket.dropped).to.equal(1);
    expect(socket.send('longer')).to.equal(undefined);
    await waitUntil(
      () => socket.messages.at(-1)?.direction === 'receive' && socket.messages.at(-1)?.data === 'longer',
      'no echo',
      WAIT,
    );
    // 6 + 6 bytes are all 12 allows: every older message went.
    expect(socket.messages.map((message) => message.data)).to.deep.equal(['longer', 'longer']);
    expect(socket.dropped).to.equal(6);
    socket.close();
    await waitUntil(() => socket.state === AnyServerState.closed, 'not closed', WAIT);
    expect(socket.send('late')).to.equal('Not sent: the connection is closed, not open.');
  });
});
