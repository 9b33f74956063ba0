/**
 * The frame lab's result: what the server did with the reader's bytes (the
 * frames it answered with, its close code, its own error, whether it closed
 * TCP), read from the bytes it sent back. A render helper, so its parts sit
 * in the lab's own shadow root, under the lab's styles.
 */
import { html, nothing } from 'lit';
import { describeCloseCode, opcodeName, readReaction } from '../../protocol/index.ts';
import type { SentOutcome } from './frame-lab-controller.ts';
import '../../components/wsp-frame-bytes.ts';

/** The frame views shown for the server's answer; more are counted, not drawn. */
const SHOWN_ANSWERS = 4;

export function renderReaction(outcome: SentOutcome | undefined, pending: boolean) {
  if (pending) return html`<p>Sending…</p>`;
  if (!outcome) return nothing;
  if (!outcome.ok) return html`<p class="problem" id="lab-problem">${outcome.message}</p>`;
  const { answer } = outcome;
  const reaction = readReaction(answer.received);
  const close = reaction.close;
  const closeName = close ? describeCloseCode(close.code)?.name : undefined;
  return html`<div class="reaction">
    <h3>What ${answer.server} did with your ${outcome.sent} bytes</h3>
    ${
      reaction.frames.length === 0
        ? html`<p id="silence">
            It sent nothing back${answer.waitedMs > 0 ? ` within ${answer.waitedMs} ms` : ''}. A server answers only a
            whole frame: an incomplete one leaves it waiting for the rest, a frame with FIN 0 waits for its
            continuation, and a pong needs no answer.
          </p>`
        : html`<p id="answered">
            It answered with ${reaction.frames.map(({ frame }) => opcodeName(frame.opcode)).join(', ')}
            (${reaction.frames.length} frame${reaction.frames.length === 1 ? '' : 's'}, unmasked as a server's must be).
          </p>`
    }
    ${
      close
        ? html`<p id="close">
            It sent a close frame: code
            <strong id="close-code">${close.code}</strong>${closeName ? ` (${closeName})` : ''},
            ${close.reason ? html`reason “${close.reason}”` : 'no reason'}.
          </p>`
        : nothing
    }
    ${
      answer.serverError
        ? html`<p id="server-error">
            Its own error: <code>${answer.serverError.code}</code>: ${answer.serverError.message}
          </p>`
        : nothing
    }
    ${reaction.problem ? html`<p class="problem">Its bytes could not all be read: ${reaction.problem}</p>` : nothing}
    <p id="tcp">
      ${
        answer.closedTcp
          ? 'Then it closed the TCP connection.'
          : 'The TCP connection stayed open; the lab hung up after watching.'
      }
    </p>
    ${reaction.frames.slice(0, SHOWN_ANSWERS).map(
      ({ bytes, frame }, index) =>
        html`<div class="answer">
          <wsp-frame-bytes .bytes=${bytes} label="Answer ${index + 1} (${opcodeName(frame.opcode)})"></wsp-frame-bytes>
        </div>`,
    )}
  </div>`;
}
