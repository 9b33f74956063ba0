import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DeflateMessage } from './deflate-messages.ts';
import { deflateDemoStyles } from './styles.ts';
import { bytesText } from './wire-size.ts';
import { describeBlock, xraySegments, xraySummary, type XraySegment } from './xray-segments.ts';

/** Segments drawn at most: a long message's first ones tell the story; the table counts them all. */
const DRAWN = 400;

function copyTitle(segment: XraySegment): string {
  const length = segment.end - segment.start;
  const where = segment.earlier ? ', reaching back into an earlier message' : '';
  return `copy of ${bytesText(length)} from ${bytesText(segment.distance)} back${where}`;
}

/**
 * One compressed message X-rayed: its text drawn with what the DEFLATE
 * stream spelt out (literals) and what it copied (back-references, RFC 1951
 * §3.2.5), the copies that reach into earlier messages set apart; then the
 * blocks, and every part in a table.
 */
@customElement('wsp-xray-drawing')
export class WspXrayDrawing extends LitElement {
  static override styles = [
    deflateDemoStyles,
    css`
      :host {
        display: grid;
        gap: 0.6rem;
        padding: 0;
        border: none;
      }
      .drawing {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        font-size: 0.9rem;
        line-height: 2.1;
        padding: 0.5rem 0.75rem;
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: var(--wsp-radius, 6px);
        background: var(--wsp-surface, #fff);
        overflow-wrap: anywhere;
        max-height: 18rem;
        overflow-y: auto;
      }
      /* The message's own spaces and line breaks show; the template's do not. */
      .text {
        white-space: pre-wrap;
      }
      .copy {
        background: var(--wsp-frame-flags, #dbe6ff);
        border: 1px solid var(--wsp-accent, #2456c7);
        border-radius: 3px;
        padding: 0.1em 0;
      }
      .copy.earlier {
        background: var(--wsp-frame-length, #ffe6c2);
        border: 1px dashed var(--wsp-border-strong, #8a93a6);
      }
      .copy sup {
        font-size: 0.65rem;
        color: var(--wsp-muted, #5b6478);
        padding: 0 0.15em;
      }
      .legend {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        list-style: none;
        padding: 0;
        margin: 0;
        font-size: 0.8rem;
      }
      .legend .copy,
      .legend .literal {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        padding: 0 0.3em;
      }
      .literal {
        border: 1px solid var(--wsp-border, #d5d9e2);
        border-radius: 3px;
      }
      ol.blocks {
        margin: 0;
        padding-left: 1.4rem;
        font-size: 0.9rem;
      }
      .parts {
        max-height: 16rem;
        overflow: auto;
      }
      .parts td.text {
        font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
        overflow-wrap: anywhere;
        min-width: 8rem;
      }
    `,
  ];

  /** The message to X-ray: a compressed one, read by DeflateMessages. */
  @property({ attribute: false }) message: DeflateMessage | undefined;

  protected override render() {
    const message = this.message;
    if (!message) return html`<p class="hint">Send a message: its X-ray appears here.</p>`;
    if (!message.compressed) {
      return html`<p class="outcome">
        Message #${message.number} was sent uncompressed (RSV1 clear): nothing to X-ray.
      </p>`;
    }
    const report = message.report;
    if (!report) {
      return html`<p class="outcome" data-ok="false">Message #${message.number} does not inflate: ${message.error}</p>`;
    }
    const segments = xraySegments(report, DRAWN);
    const summary = xraySummary(report);
    const all = report.blocks.reduce((sum, block) => sum + block.parts.length, 0);
    return html`<p id="summary">
        ${bytesText(report.data.length)} of message in ${bytesText(message.payload.length)} of DEFLATE data:
        ${bytesText(summary.literalBytes)} spelt out as literals, ${bytesText(summary.copiedBytes)} copied by
        ${summary.copies}
        back-reference${summary.copies === 1 ? '' : 's'}${
          summary.earlierCopies > 0
            ? html`, <strong id="earlier-count">${summary.earlierCopies}</strong> of them from earlier messages`
            : ''
        }.
      </p>
      <ul class="legend" aria-hidden="true">
        <li><span class="literal">abc</span> literals</li>
        <li>
          <span class="copy">abc<sup>←n</sup></span> copied from n bytes back, in this message
        </li>
        <li>
          <span class="copy earlier">abc<sup>←n</sup></span> copied from an earlier message
        </li>
      </ul>
      <div class="drawing" id="drawing" aria-hidden="true">
        ${segments.map((segment) =>
          segment.kind === 'literals'
            ? html`<span class="text">${segment.text}</span>`
            : html`<span class="text copy ${segment.earlier ? 'earlier' : ''}" title=${copyTitle(segment)}
                >${segment.text}<sup>←${segment.distance}</sup></span
              >`,
        )}
      </div>
      ${all > DRAWN ? html`<p class="hint">Only the first ${DRAWN} of ${all} parts are drawn and listed.</p>` : nothing}
      <ol class="blocks" id="blocks" aria-label="The DEFLATE blocks of the message">
        ${report.blocks.map(
          (block, index) =>
            html`<li data-type=${block.type}>
              ${describeBlock(block)}${
                index === report.blocks.length - 1 && block.type === 'stored' && block.parts.length === 0
                  ? ': the empty block the sender flushed with, whose last 4 bytes are the tail 00 00 ff ff (§7.2.1)'
                  : ''
              }
            </li>`,
        )}
      </ol>
      <details>
        <summary>Every part, in order</summary>
        <div class="scroll parts" tabindex="0" role="region" aria-label="The parts of the DEFLATE stream">
          <table id="parts">
            <thead>
              <tr>
                <th scope="col">Block</th>
                <th scope="col">Part</th>
                <th scope="col" class="num">At byte</th>
                <th scope="col" class="num">Length</th>
                <th scope="col" class="num">Distance</th>
                <th scope="col">Text</th>
              </tr>
            </thead>
            <tbody>
              ${segments.map(
                (segment) =>
                  html`<tr data-kind=${segment.kind} data-earlier=${segment.earlier ? 'true' : 'false'}>
                    <td>${segment.block + 1}</td>
                    <td>
                      ${segment.kind === 'literals' ? 'literals' : segment.earlier ? 'copy, earlier message' : 'copy'}
                    </td>
                    <td class="num">${segment.start}</td>
                    <td class="num">${segment.end - segment.start}</td>
                    <td class="num">${segment.kind === 'copy' ? segment.distance : ''}</td>
                    <td class="text">${segment.text}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-xray-drawing': WspXrayDrawing;
  }
}
