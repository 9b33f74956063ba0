import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  AnyServerSocket,
  AnyServerState,
  AnyServerUpdateEvent,
  checkSocketUrl,
  FAILURE_EXPLANATION,
  type SeenMessage,
} from '../../transport/any-server.ts';
import { harLog } from './har.ts';
import { encodeMessage, type MessageFormat } from './message-encoding.ts';
import { exportFileName, seenJson } from './seen-json.ts';
import { TemplateStore } from './templates.ts';

/** A file made for the reader to download: a Blob's URL and the name to save it under. */
export interface ExportFile {
  readonly href: string;
  readonly name: string;
}

function pageStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The "talk to any server" connection for its view: one socket at a time
 * (src/transport/any-server.ts), what the composer sends through it, the
 * reader's templates, the exports, and one status sentence. The socket
 * closes and the exports' Blob URLs are let go when the view leaves the page.
 */
export class AnyServerController implements ReactiveController {
  readonly templates: TemplateStore;
  readonly #host: ReactiveControllerHost;
  #socket: AnyServerSocket | undefined;
  /** The state the status sentence last described: a change of state replaces a note. */
  #lastState: AnyServerState | undefined;
  /** A sentence about the reader's last action (a refused URL or message), shown instead of the connection's state. */
  #note: string | undefined;
  /** Why the composer's body was refused, until it is sent or changed. */
  #refusal: string | undefined;
  readonly #exports = new Map<'har' | 'json', string>();
  readonly #update = (): void => {
    const state = this.#socket?.state;
    if (state !== this.#lastState) this.#note = undefined;
    this.#lastState = state;
    this.#host.requestUpdate();
  };

  constructor(host: ReactiveControllerHost, storage: Storage | undefined = pageStorage()) {
    this.#host = host;
    this.templates = new TemplateStore(storage);
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.disconnect();
    for (const href of this.#exports.values()) URL.revokeObjectURL(href);
    this.#exports.clear();
  }

  /** The last connection, open or ended; undefined before the first. */
  get socket(): AnyServerSocket | undefined {
    return this.#socket;
  }

  get messages(): readonly SeenMessage[] {
    return this.#socket?.messages ?? [];
  }

  get isOpen(): boolean {
    return this.#socket?.state === AnyServerState.open;
  }

  /** Connect is offered when there is no connection, or the last one has ended. */
  get canConnect(): boolean {
    return this.#socket === undefined || this.#socket.state === AnyServerState.closed;
  }

  get canDisconnect(): boolean {
    return this.#socket?.state === AnyServerState.connecting || this.isOpen;
  }

  get refusal(): string | undefined {
    return this.#refusal;
  }

  /** One sentence for the status line: the reader's last action when it needs saying, else the connection's state. */
  get status(): string {
    return this.#note ?? describe(this.#socket);
  }

  connect(text: string): void {
    const checked = checkSocketUrl(text);
    if (!checked.ok) {
      this.#note = checked.reason;
      this.#host.requestUpdate();
      return;
    }
    this.disconnect();
    this.#socket?.removeEventListener(AnyServerUpdateEvent.eventName, this.#update);
    this.#socket = new AnyServerSocket(checked.url);
    this.#socket.addEventListener(AnyServerUpdateEvent.eventName, this.#update);
    this.#note = undefined;
    this.#update();
  }

  disconnect(): void {
    this.#socket?.close();
  }

  /** Sends the composer's body read as `format`; returns whether it went. A refusal says why and sends nothing. */
  send(format: MessageFormat, body: string): boolean {
    const encoded = encodeMessage(format, body);
    const refused = encoded.ok ? (this.#socket?.send(encoded.data) ?? 'Not sent: connect first.') : encoded.reason;
    this.#refusal = encoded.ok ? undefined : encoded.reason;
    this.#note = refused;
    this.#host.requestUpdate();
    return refused === undefined;
  }

  /** The composer's body was changed: an old refusal no longer describes it. */
  edited(): void {
    if (this.#refusal === undefined) return;
    this.#refusal = undefined;
    this.#host.requestUpdate();
  }

  saveTemplate(name: string, format: MessageFormat, body: string): void {
    const refused = this.templates.save({ name, format, body });
    this.#note = refused ?? `Saved the template “${name.trim()}”.`;
    this.#host.requestUpdate();
  }

  removeTemplate(name: string): void {
    this.templates.remove(name);
    this.#note = `Deleted the template “${name}”.`;
    this.#host.requestUpdate();
  }

  /** The last connection as a file to download (HAR or JSON), made now; undefined before the first connection. */
  exportFile(kind: 'har' | 'json'): ExportFile | undefined {
    const socket = this.#socket;
    if (!socket) return undefined;
    const content = kind === 'har' ? harLog(socket) : seenJson(socket);
    const old = this.#exports.get(kind);
    if (old) URL.revokeObjectURL(old);
    const href = URL.createObjectURL(new Blob([JSON.stringify(content, null, 2)], { type: 'application/json' }));
    this.#exports.set(kind, href);
    return { href, name: exportFileName(socket.url, Date.now(), kind) };
  }
}

/** The connection's state in one sentence. */
function describe(socket: AnyServerSocket | undefined): string {
  if (!socket) return 'Not connected. Type a ws: or wss: URL and press Connect.';
  const url = socket.url;
  const events = socket.events;
  const opened = events.find((event) => event.type === 'open');
  switch (socket.state) {
    case AnyServerState.connecting:
      return `Connecting to ${url}…`;
    case AnyServerState.open: {
      const chosen = opened?.type === 'open' ? opened : undefined;
      const protocol = chosen?.protocol ? ` Subprotocol: ${chosen.protocol}.` : '';
      const extensions = chosen?.extensions ? ` Extensions: ${chosen.extensions}.` : '';
      return `Connected to ${url}.${protocol}${extensions}`;
    }
    case AnyServerState.closing:
      return `Closing the connection to ${url}…`;
    case AnyServerState.closed: {
      const closed = events.find((event) => event.type === 'close');
      const refused = events.find((event) => event.type === 'error');
      if (!opened) {
        const why =
          refused?.type === 'error' && refused.text !== FAILURE_EXPLANATION ? refused.text : FAILURE_EXPLANATION;
        return `Could not connect to ${url}. ${why}`;
      }
      if (closed?.type !== 'close') return `The connection to ${url} ended.`;
      const reason = closed.reason === '' ? 'no reason given' : `reason “${closed.reason}”`;
      const clean = closed.wasClean
        ? 'a clean close'
        : 'not a clean close: the connection dropped without a closing handshake';
      return `Closed: ${url}, code ${closed.code}, ${reason}; ${clean}.`;
    }
  }
}
