import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { codeFromHash } from '../../../src/components/playground-link.ts';
import { connectionSettings } from '../../../src/controllers/connection-settings.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { examples } from '../../../src/playground/examples.ts';
import type { WspCodeEditor } from '../../../src/playground/wsp-code-editor.ts';
import '../../../src/playground/wsp-playground.ts';
import type { WspPlayground } from '../../../src/playground/wsp-playground.ts';
import { serverUrl } from '../helpers/live-servers.ts';
import { linkSiteTheme, shadow, text } from '../helpers/lesson-helpers.ts';

/**
 * The playground page (`#/playground`) as a reader drives it: pick an
 * example, run it in either mode, read the output and the trace, stop a
 * runaway loop, see an error's line, share the code.
 */

const WAIT = { timeout: 15_000 };

async function page(): Promise<{ element: WspPlayground; root: ShadowRoot }> {
  const element = await fixture<WspPlayground>(html`<wsp-playground></wsp-playground>`);
  return { element, root: shadow(element) };
}

function button(root: ShadowRoot, id: string): HTMLButtonElement {
  const found = root.querySelector<HTMLButtonElement>(`#${id}`);
  if (!found) throw new Error(`no #${id}`);
  return found;
}

function editor(root: ShadowRoot, id: 'client' | 'server'): WspCodeEditor {
  return root.querySelector<WspCodeEditor>(`#${id}`)!;
}

/** Types code into an editor as the reader's edit (the editor's own change event carries it up). */
async function edit(root: ShadowRoot, id: 'client' | 'server', code: string): Promise<void> {
  const view = shadow(editor(root, id)).querySelector<HTMLElement>('.cm-content')!;
  view.focus();
  document.execCommand('selectAll');
  document.execCommand('insertText', false, code);
  // CodeMirror reads the typing from the page a moment later, as it does a reader's.
  await waitUntil(() => editor(root, id).value.startsWith(code), 'the editor took the typing', WAIT);
}

async function pick(root: ShadowRoot, id: string): Promise<void> {
  const select = root.querySelector<HTMLSelectElement>('#example')!;
  select.value = id;
  select.dispatchEvent(new Event('change'));
}

const output = (root: ShadowRoot): string => text(root.querySelector('#output'));

describe('the playground page', () => {
  before(async () => {
    connectionSettings.setServerUrl(await serverUrl('live-server-url'));
    await linkSiteTheme();
  });
  beforeEach(() => {
    localStorage.clear();
    history.replaceState(null, '', '#/playground');
    connectionSettings.setMode(ConnectionMode.simulated);
  });
  after(() => connectionSettings.setMode(ConnectionMode.simulated));

  it('opens on a server of your own, and is accessible', async () => {
    const { element, root } = await page();
    const own = examples.find((example) => example.id === 'own-server')!;
    expect(root.querySelector<HTMLSelectElement>('#example')!.value).to.equal('own-server');
    expect(editor(root, 'client').value).to.equal(own.client);
    expect(editor(root, 'server').value).to.equal(own.server);
    await expect(element).to.be.accessible();
  });

  it('runs the reader’s server and client in Simulated mode: output, and both sides’ frames in the trace', async () => {
    const { element, root } = await page();
    button(root, 'run').click();
    await waitUntil(() => output(root).includes('client: closed 1000 "see you", wasClean true'), 'the run ends', WAIT);
    expect(output(root)).to.contain('client got: HELLO, SERVER');
    expect(output(root)).to.contain('server: ann connected');
    await element.updateComplete;
    const connection = root.querySelector('[data-connection="1"]')!;
    expect(text(connection)).to.match(/^#1 ws:\/\/.+\/mine\?name=ann$/);
    const timeline = shadow(root.querySelector('wsp-trace-timeline'));
    await waitUntil(() => timeline.querySelectorAll('[role=row][data-from=client]').length > 0, 'client frames', WAIT);
    expect(timeline.querySelectorAll('[role=row][data-from=server]').length).to.be.greaterThan(0);
    expect(text(timeline)).to.contain('HELLO, SERVER');
  });

  it('stops a runaway loop, and the page answers the next click', async () => {
    const { element, root } = await page();
    await edit(root, 'client', 'log("looping");\nwhile (true) {}\n');
    await element.updateComplete;
    button(root, 'run').click();
    await waitUntil(() => output(root).includes('looping'), 'the loop starts', WAIT);
    expect(button(root, 'stop').disabled).to.equal(false);
    button(root, 'stop').click();
    await waitUntil(() => text(root.querySelector('#run-state')) === 'Stopped.', 'stopped', WAIT);
    button(root, 'reset').click();
    await element.updateComplete;
    expect(editor(root, 'client').value).to.contain('/mine?name=ann');
  });

  it('shows a syntax error as the reader’s, with its line, and marks that line', async () => {
    const { element, root } = await page();
    await edit(root, 'client', 'log("fine");\nconst = 1;\n');
    await element.updateComplete;
    button(root, 'run').click();
    await waitUntil(() => root.querySelector('#errors') !== null, 'the error', WAIT);
    const error = text(root.querySelector('#errors'));
    expect(error).to.match(/^SyntaxError: .+\(in the client code, line 2\)/);
    root.querySelector<HTMLButtonElement>('#errors button')!.click();
    await waitUntil(
      () => shadow(editor(root, 'client')).querySelector('.cm-line.cm-wsp-error-line') !== null,
      'the line is marked',
      WAIT,
    );
    expect(output(root)).to.not.contain('fine');
  });

  it('shows an exception thrown in the reader’s server with its line, and the client sees 1011', async () => {
    const { element, root } = await page();
    await edit(
      root,
      'server',
      'serve(() => ({\n  message(data) {\n    throw new TypeError("my server broke");\n  },\n}));\n',
    );
    await element.updateComplete;
    button(root, 'run').click();
    await waitUntil(() => output(root).includes('client: closed 1011'), 'the close', WAIT);
    expect(text(root.querySelector('#errors'))).to.contain('TypeError: my server broke (in the server code, line 3)');
  });

  it('runs the echo example against the live server in Live mode, and says why the server code does not run', async () => {
    connectionSettings.setMode(ConnectionMode.live);
    const { element, root } = await page();
    expect(text(root.querySelector('#live-server-note'))).to.contain('does not run');
    await pick(root, 'echo');
    await element.updateComplete;
    button(root, 'run').click();
    await waitUntil(() => output(root).includes('closed: 1000 "done", wasClean true'), 'the echo ends', WAIT);
    expect(output(root)).to.contain('echo: hello');
    const timeline = shadow(root.querySelector('wsp-trace-timeline'));
    // The live server's tap reports what crossed its socket: its own clock's times carry ≈.
    await waitUntil(() => text(timeline).includes('≈'), 'the server’s frames', WAIT);
  });

  it('makes a share link that carries both editors, and opens what a link carries', async () => {
    const { element, root } = await page();
    await edit(root, 'server', 'serve(() => ({ message() {} })); // mine');
    await element.updateComplete;
    button(root, 'share').click();
    await waitUntil(() => root.querySelector<HTMLInputElement>('#share-link') !== null, 'the link', WAIT);
    const link = root.querySelector<HTMLInputElement>('#share-link')!.value;
    const carried = await codeFromHash(new URL(link).hash);
    expect(carried?.server.trimEnd()).to.equal('serve(() => ({ message() {} })); // mine');

    localStorage.clear();
    history.replaceState(null, '', new URL(link).hash);
    const other = await page();
    await waitUntil(() => editor(other.root, 'server').value.trimEnd().endsWith('// mine'), 'the link’s code', WAIT);
    expect(other.root.querySelector<HTMLSelectElement>('#example')!.value).to.equal('shared');
  });

  it('has every example the client lesson links to', async () => {
    const { default: lesson } = await import('../../../src/lessons/client/wsp-lesson-client.ts?raw');
    const linked = [...lesson.matchAll(/recipeCode\([^)]*, '([a-z-]+)'\)/g)].map((match) => match[1]);
    expect(linked).to.deep.equal(['echo', 'binary', 'reconnect']);
    for (const id of linked)
      expect(
        examples.some((example) => example.id === id),
        id,
      ).to.equal(true);
  });

  it('opens the example a lesson links to, and keeps the last session in the browser', async () => {
    history.replaceState(null, '', '#/playground?example=binary');
    const first = await page();
    await waitUntil(() => first.root.querySelector<HTMLSelectElement>('#example')!.value === 'binary', 'binary', WAIT);
    // Applied, the link leaves the address: a reload or Back keeps the reader's edits, not the link's example.
    expect(window.location.hash).to.equal('#/playground');
    await edit(first.root, 'client', 'log("kept");');
    await first.element.updateComplete;
    first.element.remove();

    const again = await page();
    expect(editor(again.root, 'client').value.trimEnd()).to.equal('log("kept");');
  });

  it('says so when a link names no example, or the code is too long for a link, and loses nothing', async () => {
    history.replaceState(null, '', '#/playground?example=no-such-thing');
    const { element, root } = await page();
    await waitUntil(() => text(root).includes('There is no example “no-such-thing” here'), 'the note', WAIT);
    expect(root.querySelector<HTMLSelectElement>('#example')!.value).to.equal('own-server');
    await edit(root, 'client', `// ${'x'.repeat(300 * 1024)}`);
    await element.updateComplete;
    button(root, 'share').click();
    await waitUntil(() => text(root).includes('No link: the code is'), 'the refusal', WAIT);
    expect(root.querySelector('#share-link')).to.equal(null);
    expect(editor(root, 'client').value.length).to.be.greaterThan(300 * 1024);
  });

  it('resets to the code a link carried once the reader has changed it', async () => {
    const { element, root } = await page();
    await edit(root, 'client', 'log("from the link");');
    await element.updateComplete;
    button(root, 'share').click();
    await waitUntil(() => root.querySelector<HTMLInputElement>('#share-link') !== null, 'the link', WAIT);
    const link = root.querySelector<HTMLInputElement>('#share-link')!.value;
    element.remove();

    history.replaceState(null, '', new URL(link).hash);
    const opened = await page();
    await waitUntil(() => editor(opened.root, 'client').value.startsWith('log("from the link");'), 'the link', WAIT);
    await waitUntil(
      () => opened.root.querySelector<HTMLSelectElement>('#example')!.value === 'shared',
      'applied',
      WAIT,
    );
    await edit(opened.root, 'client', 'log("changed");');
    await opened.element.updateComplete;
    expect(button(opened.root, 'reset').disabled, 'Reset has the link’s code to return to').to.equal(false);
    button(opened.root, 'reset').click();
    await opened.element.updateComplete;
    expect(editor(opened.root, 'client').value).to.match(/^log\("from the link"\);/);
  });
});
