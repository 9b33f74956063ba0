import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { FocusKeeper } from '../../components/focus-keeper.ts';
import { toHex } from '../../protocol/index.ts';
import { AttemptStatus } from './attempt.ts';
import { securityDemoStyles } from './styles.ts';
import { TAG_BYTES } from './tls-record.ts';
import { WssController } from './wss-controller.ts';
import '../../components/wsp-frame-bytes.ts';
import '../../components/wsp-mode-switch.ts';
import '../../components/wsp-trace-timeline.ts';
import { PagePart } from '../../components/page-part.ts';

/** Most bytes of the sealed record shown; the rest are counted. */
const SHOWN_BYTES = 96;

function spaced(bytes: Uint8Array): string {
  return toHex(bytes.subarray(0, SHOWN_BYTES)).replace(/(..)(?!$)/g, '$1 ');
}

/**
 * What TLS adds: a message's frame as an observer reads it on a `ws:`
 * connection, the same bytes sealed as a TLS record carries them (an
 * illustration made in the page), and what the page learns when a `wss:`
 * handshake fails.
 */
@customElement('wsp-security-wss-demo')
export class WspSecurityWssDemo extends PagePart {
  static override styles = [
    securityDemoStyles,
    css`
      .record {
        margin: 0;
        padding: 0.5rem 0.75rem;
        border-radius: var(--wsp-radius, 6px);
        background: var(--wsp-code-bg, #f6f7f9);
        line-height: 1.7;
      }
      .clear {
        font-weight: 700;
        text-decoration: underline;
      }
      #wss-outcome {
        display: grid;
        gap: 0.35rem;
      }
    `,
  ];

  /** Keeps a keyboard reader's focus in the demo when the control they pressed is disabled. */
  readonly focusKeeper = new FocusKeeper(this);
  readonly #wss = new WssController(this);
  @state() private text = '{"type":"post","text":"meet at noon"}';

  protected override render() {
    const wss = this.#wss;
    const attempt = wss.attempt;
    return html`
      <wsp-mode-switch></wsp-mode-switch>
      <form
        class="row"
        @submit=${(event: SubmitEvent) => {
          event.preventDefault();
          void wss.send(this.text);
        }}
      >
        <label class="inline" for="message">Message</label>
        <input
          id="message"
          type="text"
          autocomplete="off"
          spellcheck="false"
          .value=${this.text}
          @input=${(event: InputEvent) => (this.text = (event.target as HTMLInputElement).value)}
        />
        <button id="send" ?disabled=${wss.sending}>Send over ws:</button>
        <button
          id="disconnect"
          type="button"
          class="secondary"
          ?disabled=${attempt?.status !== AttemptStatus.open}
          @click=${() => wss.disconnect()}
        >
          Disconnect
        </button>
      </form>
      ${attempt?.problem ? html`<p class="problem">${attempt.problem}</p>` : nothing}
      ${
        wss.frame
          ? html`<h3>With <code>ws:</code>: what anyone on the path reads</h3>
              <wsp-frame-bytes
                id="plain"
                .bytes=${wss.frame}
                label="The frame as it crossed the wire"
              ></wsp-frame-bytes>
              <p>
                Every byte, and the masking key with them: unmasking takes one XOR per byte. Masking is there to keep
                old proxies from mistaking a frame for HTTP (RFC 6455 §10.3), not to hide anything.
              </p>
              ${this.#sealed()}`
          : html`<p class="hint">Send the message to see its frame, then the same bytes as TLS would carry them.</p>`
      }
      <h3>When TLS fails</h3>
      <div class="row">
        <button id="try-wss" class="secondary" ?disabled=${wss.probing} @click=${() => void wss.tryWss()}>
          Open wss: to the server’s plain port
        </button>
      </div>
      ${this.#probe()}
      ${
        attempt
          ? html`<details open>
              <summary>Every event of the ws: connection</summary>
              <wsp-trace-timeline .events=${attempt.trace} label="Trace of the /echo connection"></wsp-trace-timeline>
            </details>`
          : nothing
      }
    `;
  }

  #sealed() {
    const { sealed, sealProblem } = this.#wss;
    if (sealProblem) return html`<p class="problem">${sealProblem}</p>`;
    if (!sealed) return nothing;
    const total = sealed.header.length + sealed.sealed.length;
    const hidden = Math.max(0, sealed.sealed.length - SHOWN_BYTES);
    return html`<h3>With <code>wss:</code>: the same bytes in a TLS record (an illustration)</h3>
      <p class="record mono" id="sealed" aria-label="An illustration of a TLS record">
        <span class="clear" title="in the clear">${spaced(sealed.header)}</span> ${spaced(sealed.sealed)}${
          hidden > 0 ? ` … (${total} bytes in all)` : ''
        }
      </p>
      <p class="hint">
        Made in this page with Web Crypto’s AES-GCM and a random key, laid out as TLS 1.3 lays out a record (RFC 8446
        §5.2): only the underlined 5-byte header is in the clear (type 23, application data; version 03 03; the length),
        then the frame and one byte of content type, sealed, then a ${TAG_BYTES}-byte tag. A real connection’s keys come
        from its TLS handshake; the observer sees bytes like these, and their number.
      </p>`;
  }

  #probe() {
    const probe = this.#wss.probe;
    if (this.#wss.probing) return html`<p role="status">Trying…</p>`;
    if (!probe) return nothing;
    if (probe.problem) return html`<p class="problem" id="wss-outcome" role="status">${probe.problem}</p>`;
    return html`<div id="wss-outcome" role="status" data-code=${probe.code}>
      <p>
        The page tried <span class="mono">${probe.url}</span>${
          probe.simulated ? html` <strong>(simulated: this page built the outcome a browser gives)</strong>` : nothing
        }.
        Its WebSocket heard: <span class="mono" id="wss-events">${probe.events.join(', ')}</span>; close code
        <strong>${probe.code}</strong>, wasClean ${String(probe.wasClean)}, reason
        ${probe.reason ? html`<span class="mono">“${probe.reason}”</span>` : 'empty'}.
      </p>
      <p>
        ${
          probe.events.includes('open')
            ? 'This server speaks TLS with a certificate this browser trusts, so the connection opened.'
            : 'No word of TLS, of a certificate, of why. A bad certificate, a server with no TLS and no server at all look the same to the page; only the browser’s console names the cause.'
        }
        ${probe.simulated ? 'Switch to Live server to watch Chromium fail a real TLS handshake.' : ''}
      </p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-security-wss-demo': WspSecurityWssDemo;
  }
}
