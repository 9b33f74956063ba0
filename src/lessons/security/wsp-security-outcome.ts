import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { closeCodeLabel } from '../../protocol/index.ts';
import { paragraphStyles } from '../../components/styles/layout-styles.ts';
import type { PageTraceEvent } from '../../transport/trace-stream.ts';
import { AttemptStatus, type CloseReport } from './attempt.ts';
import { monoStyles } from './styles.ts';
import { closeFrame, handshakeAnswer, serverLogLines, serverNotes } from './trace-facts.ts';

/**
 * What one connection of a security demo came to, read from its trace and
 * the page's close event: the server's answer to the handshake and its
 * reason, the lines the server wrote to its log, the close frame it sent,
 * and all the page's own socket was told. Every line is text, never markup.
 */
@customElement('wsp-security-outcome')
export class WspSecurityOutcome extends LitElement {
  static override styles = [
    paragraphStyles,
    monoStyles,
    css`
      :host {
        display: grid;
        gap: 0.35rem;
        padding: 0.5rem 0.75rem;
        border-left: 4px solid var(--wsp-border-strong, #8a93a6);
        background: var(--wsp-hover, #eef1f6);
        border-radius: 0 var(--wsp-radius, 6px) var(--wsp-radius, 6px) 0;
        min-width: 0;
      }
      :host([verdict='refused']) {
        border-left-color: var(--wsp-error, #b42318);
      }
      :host([verdict='accepted']) {
        border-left-color: var(--wsp-received, #1d7437);
      }
      ul {
        margin: 0;
        padding-left: 1.25rem;
      }
      .problem {
        color: var(--wsp-error, #b42318);
      }
    `,
  ];

  /** The connection's trace. */
  @property({ attribute: false }) trace: readonly PageTraceEvent[] = [];
  /** Where the page's socket stands. */
  @property() status: AttemptStatus = AttemptStatus.connecting;
  /** The page's close event, once it came. */
  @property({ attribute: false }) close: CloseReport | undefined;
  /** Why the attempt failed when the trace cannot say. */
  @property() problem: string | undefined;
  /** Set from the trace: `accepted` (101), `refused` (another status or a close by the server), or absent. */
  @property({ reflect: true }) verdict: 'accepted' | 'refused' | undefined;

  protected override willUpdate(): void {
    const answer = handshakeAnswer(this.trace);
    const serverClose = closeFrame(this.trace, 'server');
    const refused = (answer && answer.status !== 101) || (serverClose !== undefined && serverClose.code !== 1000);
    this.verdict = refused ? 'refused' : answer?.status === 101 ? 'accepted' : undefined;
  }

  protected override render() {
    const answer = handshakeAnswer(this.trace);
    const notes = serverNotes(this.trace);
    const logLines = serverLogLines(this.trace);
    const serverClose = closeFrame(this.trace, 'server');
    const close = this.close;
    return html`
      <p id="answer" data-status=${answer?.status ?? ''}>
        ${
          answer
            ? html`The server answered the handshake: <strong>${answer.status} ${answer.reason}</strong>.`
            : this.status === AttemptStatus.connecting
              ? 'Connecting…'
              : 'No answer from the server in the trace yet.'
        }
      </p>
      ${
        notes.length > 0
          ? html`<p id="notes">
              The server’s reason: ${notes.map((note) => html`<span class="mono">${note}</span> `)}
            </p>`
          : nothing
      }
      ${
        logLines.length > 0
          ? html`<div>
              The server’s log:
              <ul id="log-lines">
                ${logLines.map((line) => html`<li class="mono">${line}</li>`)}
              </ul>
            </div>`
          : nothing
      }
      ${
        serverClose
          ? html`<p id="close-frame" data-code=${serverClose.code}>
              The server’s close frame: <strong>${closeCodeLabel(serverClose.code)}</strong>${
                serverClose.reason ? html`, reason <span class="mono">“${serverClose.reason}”</span>` : nothing
              }.
            </p>`
          : nothing
      }
      ${
        close
          ? html`<p id="page-close" data-code=${close.code}>
              The page’s socket heard: close event, code ${close.code}, wasClean
              ${String(close.wasClean)}${
                close.reason ? html`, reason <span class="mono">“${close.reason}”</span>` : ', no reason'
              }.
            </p>`
          : this.status === AttemptStatus.open
            ? html`<p id="page-open">The page’s socket is open.</p>`
            : nothing
      }
      ${this.problem ? html`<p class="problem" id="problem">${this.problem}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-security-outcome': WspSecurityOutcome;
  }
}
