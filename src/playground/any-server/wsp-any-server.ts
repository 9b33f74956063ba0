import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { Opcode } from '../../protocol/index.ts';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { connectionSettings } from '../../controllers/connection-settings.ts';
import { hex } from '../../transport/socket-data.ts';
import { AnyServerLimits, MessageDirection, type SeenMessage } from '../../transport/any-server.ts';
import { AnyServerController } from './any-server-controller.ts';
import { anyServerStyles } from './wsp-any-server.styles.ts';
import { MESSAGE_FORMATS, MessageFormat, isMessageFormat } from './message-encoding.ts';
import type { MessageTemplate } from './templates.ts';
import { PagePart } from '../../components/page-part.ts';

/** How much of a message its row shows: the rest is in the exports. */
const PREVIEW_CHARS = 120;
const PREVIEW_BYTES = 24;

/** hh:mm:ss.mmm in the reader's time zone. */
function clockTime(time: number): string {
  const date = new Date(time);
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function preview(message: SeenMessage): string {
  const { data } = message;
  if (typeof data !== 'string') return hex(data, PREVIEW_BYTES);
  return data.length > PREVIEW_CHARS ? `${data.slice(0, PREVIEW_CHARS)}…` : data;
}

/** "8 kept", and how many the list shows and the page dropped when not all. */
function countLine(kept: number, shown: number, dropped: number): string {
  const showing = shown < kept ? `, the newest ${shown} shown` : '';
  const limits = `the page keeps ${AnyServerLimits.messages} messages and ${AnyServerLimits.bytes / 1024 / 1024} MiB`;
  return `${kept} kept${showing}${dropped > 0 ? `; ${dropped} older dropped (${limits})` : ''}.`;
}

function bytesLabel(size: number): string {
  return `${size} ${size === 1 ? 'byte' : 'bytes'}`;
}

/**
 * "Talk to any server": the browser's own WebSocket to a URL the reader
 * types, a composer that sends text, checked JSON, or bytes written in hex or
 * base64, message templates kept in this browser, every message with its
 * time, direction and size, and the connection exported as JSON or as a HAR
 * file with Chrome's `_webSocketMessages`. There is no byte trace: a page is
 * not shown its own frames.
 *
 * @cssprop --wsp-log-height - the height of the message list before it scrolls
 */
@customElement('wsp-any-server')
export class WspAnyServer extends PagePart {
  static override styles = anyServerStyles;

  /** The URL field's first value: the live server's echo, which answers every message. */
  @property() url = `${connectionSettings.serverUrl.replace(/\/+$/, '')}/echo`;
  /** How many of the newest messages the list shows (all that are kept go into the exports). */
  @property({ type: Number }) shown = 100;

  /** Keeps a keyboard reader's focus in the element when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);
  readonly #connection = new AnyServerController(this);

  @state() private format: MessageFormat = MessageFormat.text;
  @state() private body = 'Hello, server!';
  @query('#url') private urlInput!: HTMLInputElement;
  @query('#template-name') private templateName!: HTMLInputElement;
  @query('#body') private bodyInput!: HTMLTextAreaElement;
  @query('.messages') private list!: HTMLElement | null;
  /** Whether the list was scrolled to its end before this update: then it follows new messages. */
  #following = true;

  protected override render() {
    const connection = this.#connection;
    const refusal = connection.refusal;
    return html`
      <form class="row" @submit=${this.#connect}>
        <label for="url">Server URL</label>
        <input
          id="url"
          type="text"
          inputmode="url"
          autocomplete="off"
          spellcheck="false"
          placeholder="wss://example.org/socket"
          .value=${this.url}
        />
        <button id="connect" type="submit" ?disabled=${!connection.canConnect}>Connect</button>
        <button
          id="disconnect"
          type="button"
          class="secondary"
          ?disabled=${!connection.canDisconnect}
          @click=${() => connection.disconnect()}
        >
          Disconnect
        </button>
      </form>
      <p id="status" class="status" role="status">${connection.status}</p>

      <form class="composer" @submit=${this.#send} aria-labelledby="composer-heading">
        <h3 id="composer-heading">Send a message</h3>
        <div class="row">
          <label for="format">Format</label>
          <!-- .value sets the choice once the options exist; ?selected, on the first render. -->
          <select id="format" .value=${this.format} @change=${this.#formatChanged}>
            ${MESSAGE_FORMATS.map(
              ({ format, label }) =>
                html`<option value=${format} ?selected=${format === this.format}>${label}</option>`,
            )}
          </select>
        </div>
        <label for="body">Message</label>
        <textarea
          id="body"
          rows="4"
          spellcheck="false"
          aria-invalid=${refusal ? 'true' : 'false'}
          aria-describedby=${refusal ? 'body-error' : nothing}
          .value=${this.body}
          @input=${this.#bodyChanged}
        ></textarea>
        ${refusal ? html`<p id="body-error" class="error">${refusal}</p>` : nothing}
        <div class="row">
          <button id="send" type="submit" ?disabled=${!connection.isOpen}>Send</button>
          <label for="template-name">Template name</label>
          <input id="template-name" type="text" autocomplete="off" />
          <button id="save-template" type="button" class="secondary" @click=${this.#saveTemplate}>
            Save as template
          </button>
        </div>
      </form>

      ${this.#templates(connection.templates.templates)} ${this.#messages()}

      <div class="row exports">
        <a
          id="export-json"
          href="#"
          download="any-server.json"
          aria-disabled=${connection.socket ? 'false' : 'true'}
          @click=${(event: MouseEvent) => this.#export(event, 'json')}
          >Export JSON</a
        >
        <a
          id="export-har"
          href="#"
          download="any-server.har"
          aria-disabled=${connection.socket ? 'false' : 'true'}
          @click=${(event: MouseEvent) => this.#export(event, 'har')}
          >Export HAR</a
        >
      </div>
      <p class="note">
        No byte trace here: a page is never shown its own frames. The browser frames and masks every message below the
        WebSocket API (RFC 6455 §5), so a page sees messages, not bytes. The lessons' byte traces come from this site's
        own server, which reports what crossed its socket, or from the simulated wire. The HAR file opens in the
        browser's developer tools (Network, then import) and in HAR viewers.
      </p>
    `;
  }

  #templates(templates: readonly MessageTemplate[]) {
    return html`<section aria-labelledby="templates-heading">
      <h3 id="templates-heading">Templates</h3>
      ${
        templates.length === 0
          ? html`<p class="empty">None yet: write a message, name it and press “Save as template”.</p>`
          : html`<ul class="templates">
              ${templates.map(
                (template) =>
                  html`<li>
                    <span class="template-name">${template.name}</span>
                    <span class="muted">${template.format}</span>
                    <button
                      type="button"
                      class="secondary"
                      aria-label=${`Use template “${template.name}”`}
                      @click=${() => this.#useTemplate(template)}
                    >
                      Use
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      aria-label=${`Delete template “${template.name}”`}
                      @click=${() => this.#connection.removeTemplate(template.name)}
                    >
                      Delete
                    </button>
                  </li>`,
              )}
            </ul>`
      }
    </section>`;
  }

  #messages() {
    const socket = this.#connection.socket;
    const messages = this.#connection.messages;
    const shown = messages.slice(-Math.max(1, this.shown));
    const dropped = socket?.dropped ?? 0;
    return html`<section aria-labelledby="messages-heading">
      <h3 id="messages-heading">Messages</h3>
      <p class="muted" id="messages-count">${countLine(messages.length, shown.length, dropped)}</p>
      <ol class="messages" aria-labelledby="messages-heading" tabindex="0">
        ${shown.map(
          (message) =>
            html`<li class="message" data-direction=${message.direction}>
              <time datetime=${new Date(message.time).toISOString()}>${clockTime(message.time)}</time>
              <span class="direction">${message.direction === MessageDirection.send ? '↑ sent' : '↓ received'}</span>
              <span class="size"
                >${message.opcode === Opcode.text ? 'text' : 'binary'}, ${bytesLabel(message.size)}</span
              >
              <code class="preview">${preview(message)}</code>
            </li>`,
        )}
      </ol>
    </section>`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const list = this.list;
    this.#following = !list || list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const list = this.list;
    // Reading scrollHeight forces a layout of the whole page: with no messages there is nothing to follow.
    if (list && this.#following && this.#connection.messages.length > 0) list.scrollTop = list.scrollHeight;
  }

  #connect(event: SubmitEvent): void {
    event.preventDefault();
    this.url = this.urlInput.value;
    this.#connection.connect(this.url);
  }

  #send(event: SubmitEvent): void {
    event.preventDefault();
    this.#connection.send(this.format, this.body);
  }

  #formatChanged(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (isMessageFormat(value)) this.format = value;
    this.#connection.edited();
  }

  #bodyChanged(event: InputEvent): void {
    this.body = (event.target as HTMLTextAreaElement).value;
    this.#connection.edited();
  }

  #saveTemplate(): void {
    this.#connection.saveTemplate(this.templateName.value, this.format, this.body);
  }

  #useTemplate(template: MessageTemplate): void {
    this.format = template.format;
    this.body = template.body;
    this.templateName.value = template.name;
    this.#connection.edited();
    this.bodyInput.focus();
  }

  /** Makes the file as the link is followed, so it holds every message up to this moment. */
  #export(event: MouseEvent, kind: 'har' | 'json'): void {
    const link = event.currentTarget as HTMLAnchorElement;
    const file = this.#connection.exportFile(kind);
    if (!file) {
      event.preventDefault();
      return;
    }
    link.href = file.href;
    link.download = file.name;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-any-server': WspAnyServer;
  }
}
