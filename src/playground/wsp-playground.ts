import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { codeFromHash, exampleFromHash, playgroundHref, type PlaygroundCode } from '../components/playground-link.ts';
import { controlStyles } from '../components/styles/shared-styles.ts';
import { lessonStyles } from '../components/styles/lesson-styles.ts';
import '../components/wsp-mode-switch.ts';
import '../components/wsp-trace-timeline.ts';
import { LessonSectionsController } from '../controllers/lesson-sections-controller.ts';
import { SettingsController } from '../controllers/settings-controller.ts';
import { ConnectionMode } from '../transport/mode.ts';
import { RunState, SANDBOX_LIMITS, type ReaderError, type SandboxConnection } from '../transport/sandbox/sandbox.ts';
import './any-server/wsp-any-server.ts';
import { examples, type PlaygroundExample } from './examples.ts';
import { loadSession, saveSession } from './playground-session.ts';
import type { CodeChangeEvent } from './code-change-event.ts';
import { RunController } from './run-controller.ts';
import type { WspCodeEditor } from './wsp-code-editor.ts';
import './wsp-code-editor.ts';
import { playgroundStyles } from './wsp-playground.styles.ts';
import { partsUpdated } from '../components/page-part.ts';
import { groupDigits } from '../protocol/group-digits.ts';

/** The example a first visit opens: a client and a server of the reader's own, the playground's point. */
const FIRST_EXAMPLE = 'own-server';
/** Code from a share link belongs to no example. */
const SHARED = 'shared';
/** The playground's address once a link's code or example is applied. */
const PLAYGROUND_HASH = '#/playground';

function exampleById(id: string): PlaygroundExample | undefined {
  return examples.find((example) => example.id === id);
}

function errorPlace(error: ReaderError): string {
  const editor = error.source === 'client' ? 'client code' : 'server code';
  return error.line === undefined ? `in the ${editor}` : `in the ${editor}, line ${error.line}`;
}

/**
 * The playground (`#/playground`): the reader writes a client, and in
 * Simulated mode a server of their own at `/mine`, runs both in a worker that
 * Stop ends, and reads the output and every connection's trace in the views
 * the lessons use. The code travels in a share link and stays in the browser.
 * Beside it, a panel talks to any server the reader names.
 */
@customElement('wsp-playground')
export class WspPlayground extends LitElement {
  static override styles = [controlStyles, lessonStyles, playgroundStyles];

  /** The example the editors came from, or `shared` for a link's code. */
  @state() private exampleId = FIRST_EXAMPLE;
  @state() private code: PlaygroundCode = { client: '', server: '' };
  /** The share link made last, shown so the reader can copy it. */
  @state() private shareLink = '';
  @state() private shareNote = '';
  /** The connection whose trace is shown (its id), or undefined for the newest. */
  @state() private picked: number | undefined;
  readonly #settings = new SettingsController(this);
  readonly #runs = new RunController(this);
  readonly #sections = new LessonSectionsController(this);
  /** The code the last link carried: what Reset returns to while no example is picked. */
  #linkCode: PlaygroundCode | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
    const saved = loadSession();
    if (saved) {
      // Code kept from a link, or from an example this version no longer has, belongs to no example.
      this.exampleId = exampleById(saved.exampleId) ? saved.exampleId : SHARED;
      this.code = { client: saved.client, server: saved.server };
    } else {
      const example = exampleById(FIRST_EXAMPLE) ?? examples[0]!;
      this.exampleId = example.id;
      this.code = { client: example.client, server: example.server };
    }
    void this.#openSharedCode();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
    super.disconnectedCallback();
  }

  /** Done when the page, its parts (each renders in a task of its own) and both editors (CodeMirror loads) are. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const page = await super.getUpdateComplete();
    return (await partsUpdated(this.renderRoot, 'wsp-code-editor, article > *')) && page;
  }

  /** The shell's contract: scroll to a section by the id its heading gives. */
  showSection(id: string): boolean {
    return this.#sections.show(id);
  }

  protected override render(): TemplateResult {
    const live = this.#settings.settings.mode === ConnectionMode.live;
    return html`<article>
      <h1>Playground</h1>
      <p>
        Write a client, and in Simulated mode a server of your own, run them, and read every frame they put on the wire,
        in the trace the lessons use. Your code runs in a worker of its own: Stop ends it, however it loops.
      </p>
      <h2>Your code</h2>
      <div class="toolbar">
        <label
          >Example
          <select id="example" @change=${this.#pickExample}>
            ${examples.map(
              (example) =>
                html`<option value=${example.id} ?selected=${example.id === this.exampleId}>${example.title}</option>`,
            )}
            ${this.exampleId === SHARED ? html`<option value=${SHARED} selected>From a shared link</option>` : nothing}
          </select>
        </label>
        <wsp-mode-switch></wsp-mode-switch>
      </div>
      <p class="note">${exampleById(this.exampleId)?.summary ?? 'The code a shared link carried.'}</p>
      <div class="editors">
        <div>
          <h3 id="client-heading">Client</h3>
          <wsp-code-editor
            id="client"
            label="Client code"
            .value=${this.code.client}
            @wsp-code-change=${this.#onClientChange}
          ></wsp-code-editor>
        </div>
        <div>
          <h3 id="server-heading">Server at <code>/mine</code></h3>
          <wsp-code-editor
            id="server"
            label="Server code"
            .value=${this.code.server}
            @wsp-code-change=${this.#onServerChange}
          ></wsp-code-editor>
          ${
            live
              ? html`<p class="note" id="live-server-note">
                  In Live mode your client talks to the live server's own endpoints (<code>/echo</code>,
                  <code>/chat</code>…), and this code does not run: the live server is shared by every reader, and
                  running one reader's code on it would hand them the machine and everyone's connections. Switch to
                  Simulated to run it in this page.
                </p>`
              : nothing
          }
        </div>
      </div>
      ${this.#actions()} ${this.#share()}
      <p class="limits" id="limits">
        Limits of a run: ${SANDBOX_LIMITS.sockets} sockets, ${groupDigits(SANDBOX_LIMITS.outputLines)} lines of output,
        ${groupDigits(SANDBOX_LIMITS.traceEvents)} trace events per connection and
        ${SANDBOX_LIMITS.traceBytes / 1024 / 1024} MiB of frame bytes in all; past one, the run goes on and the page
        says what it left out. A message over ${SANDBOX_LIMITS.messageBytes / 1024} KiB closes its connection with 1009,
        as on the live server.
      </p>
      <h2>Output</h2>
      ${this.#output()}
      <h2>Trace</h2>
      ${this.#trace()}
      <h2>Talk to any server</h2>
      <wsp-any-server></wsp-any-server>
    </article>`;
  }

  #actions(): TemplateResult {
    const run = this.#runs.run;
    const running = run?.state === RunState.starting || run?.state === RunState.running;
    return html`<div class="actions">
      <button id="run" type="button" @click=${this.#run}>Run</button>
      <button id="stop" class="secondary" type="button" ?disabled=${!running} @click=${() => this.#runs.stop()}>
        Stop
      </button>
      <button id="reset" class="secondary" type="button" ?disabled=${!this.#origin()} @click=${this.#reset}>
        Reset
      </button>
      <button id="share" class="secondary" type="button" @click=${this.#makeShareLink}>Share</button>
      <span role="status" id="run-state">${this.#stateText()}</span>
    </div>`;
  }

  #stateText(): string {
    const run = this.#runs.run;
    if (!run) return 'Not run yet.';
    switch (run.state) {
      case RunState.starting:
        return 'Starting…';
      case RunState.running:
        return 'Running: your code keeps its sockets and timers until it closes them, or you press Stop or Run again.';
      case RunState.stopped:
        return 'Stopped.';
      case RunState.failed:
        return 'The run could not start.';
    }
  }

  #share(): TemplateResult | typeof nothing {
    if (!this.shareLink && !this.shareNote) return nothing;
    return html`<div class="share">
      ${
        this.shareLink
          ? html`<label for="share-link">Link to this code</label>
              <input id="share-link" type="text" readonly .value=${this.shareLink} @focus=${this.#selectAll} />
              <button class="secondary" type="button" id="copy-link" @click=${this.#copyLink}>Copy</button>`
          : nothing
      }
      <span role="status">${this.shareNote}</span>
    </div>`;
  }

  #output(): TemplateResult {
    const run = this.#runs.run;
    const errors = run?.errors ?? [];
    return html`${
        errors.length > 0
          ? html`<ul class="errors" id="errors">
              ${errors.map(
                (error) =>
                  html`<li>
                    ${error.name}: ${error.message}
                    (${errorPlace(error)})${
                      error.line === undefined
                        ? nothing
                        : html`<button class="secondary" type="button" @click=${() => this.#showErrorLine(error)}>
                            Show line ${error.line}
                          </button>`
                    }
                  </li>`,
              )}
            </ul>`
          : nothing
      }
      <div class="output" id="output" role="log" aria-label="Output" tabindex="0">
        ${(run?.output ?? []).map(
          (line) =>
            html`<div data-source=${line.source} data-level=${line.level}>
              <span class="source">${line.source}</span><span class="text">${line.text}</span>
            </div>`,
        )}
      </div>`;
  }

  #trace(): TemplateResult {
    const connections = this.#runs.run?.connections ?? [];
    if (connections.length === 0) {
      this.#runs.watch(undefined);
      return html`<p class="note" id="no-connections">Every connection your code opens shows here.</p>`;
    }
    const shown = connections.find((connection) => connection.id === this.picked) ?? connections[0]!;
    this.#runs.watch(shown.trace);
    return html`<ul class="connections" aria-label="Connections">
        ${connections.map(
          (connection) =>
            html`<li>
              <button
                class="secondary"
                type="button"
                data-connection=${connection.id}
                aria-pressed=${connection === shown ? 'true' : 'false'}
                @click=${() => (this.picked = connection.id)}
              >
                #${connection.id} ${connection.url}
              </button>
            </li>`,
        )}
      </ul>
      ${this.#untracedNote(shown)}
      <wsp-trace-timeline
        label=${`Trace of connection #${shown.id}`}
        .events=${shown.trace.events}
      ></wsp-trace-timeline>`;
  }

  #untracedNote(connection: SandboxConnection): TemplateResult | typeof nothing {
    if (connection.traced) return nothing;
    return html`<p class="note" id="untraced">
      ${connection.url} is not this site's server, so there are no bytes to show: a page is never shown its own frames
      (the browser frames and masks them below the API). The lessons' bytes come from the simulated wire or from the
      live server's own tap. The page's events are here.
    </p>`;
  }

  readonly #run = (): void => {
    const { mode, serverUrl } = this.#settings.settings;
    this.picked = undefined;
    this.#runs.start({ mode, serverUrl, ...this.code });
  };

  readonly #reset = (): void => {
    const origin = this.#origin();
    if (origin) this.#setCode(origin);
  };

  /** What Reset returns to: the example's code, or the code the link carried (while this page holds it). */
  #origin(): PlaygroundCode | undefined {
    const example = exampleById(this.exampleId);
    return example ? { client: example.client, server: example.server } : this.#linkCode;
  }

  readonly #pickExample = (event: Event): void => {
    const example = exampleById((event.target as HTMLSelectElement).value);
    if (!example) return;
    this.exampleId = example.id;
    this.#setCode({ client: example.client, server: example.server });
  };

  readonly #onClientChange = (event: CodeChangeEvent): void => {
    this.#setCode({ ...this.code, client: event.value });
  };

  readonly #onServerChange = (event: CodeChangeEvent): void => {
    this.#setCode({ ...this.code, server: event.value });
  };

  #setCode(code: PlaygroundCode): void {
    this.code = code;
    this.shareLink = '';
    this.shareNote = '';
    saveSession({ exampleId: this.exampleId, ...code });
  }

  readonly #makeShareLink = async (): Promise<void> => {
    try {
      this.shareLink = new URL(await playgroundHref(this.code), window.location.href).href;
      this.shareNote = `A link of ${groupDigits(this.shareLink.length)} characters: whoever opens it gets both editors as they are now.`;
    } catch (error) {
      // Past the size a link carries (or a browser without CompressionStream): say so, keep the code.
      this.shareLink = '';
      this.shareNote = `No link: ${error instanceof Error ? error.message : String(error)}.`;
    }
  };

  readonly #copyLink = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(this.shareLink);
      this.shareNote = 'Copied.';
    } catch {
      this.shareNote = 'This browser did not let the page copy: select the link and copy it yourself.';
    }
  };

  readonly #selectAll = (event: FocusEvent): void => {
    (event.target as HTMLInputElement).select();
  };

  #showErrorLine(error: ReaderError): void {
    const editor = this.renderRoot.querySelector<WspCodeEditor>(`#${error.source}`);
    if (!editor || error.line === undefined) return;
    editor.markLine(error.line);
  }

  readonly #onHashChange = (): void => void this.#openSharedCode();

  /**
   * What the address asks for: an example a lesson links to, or a share
   * link's code, which replace the editors' (an undo step away). Once
   * applied, the address is the playground's own again, so a reload or Back
   * keeps the reader's edits; a damaged link says so and changes nothing.
   */
  async #openSharedCode(): Promise<void> {
    const hash = window.location.hash;
    const wanted = exampleFromHash(hash);
    if (wanted !== undefined) {
      const example = exampleById(wanted);
      if (example) {
        this.exampleId = example.id;
        this.#setCode({ client: example.client, server: example.server });
      } else {
        this.shareNote = `There is no example “${wanted}” here: the editors keep what they had.`;
      }
      this.#forgetLink();
      return;
    }
    if (!hash.includes('code=')) return;
    const code = await codeFromHash(hash);
    this.#forgetLink();
    if (!code) {
      this.shareNote =
        'The code in this link could not be read (cut short or changed?): the editors keep what they had.';
      return;
    }
    this.exampleId = SHARED;
    this.#linkCode = code;
    this.#setCode(code);
  }

  #forgetLink(): void {
    history.replaceState(history.state, '', PLAYGROUND_HASH);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-playground': WspPlayground;
  }
}
