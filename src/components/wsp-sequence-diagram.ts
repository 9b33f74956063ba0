import { LitElement, css, html, svg, type SVGTemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Opcode, opcodeName, Side } from '../protocol/index.ts';
import type { PageTraceEvent } from '../transport/trace-stream.ts';
import { payloadPreview } from './trace-summary.ts';

/** The three phases of a connection (RFC 6455 §1.2 to §1.4). */
export const Phase = { handshake: 'handshake', data: 'data', closing: 'closing' } as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

const PHASE_TITLES: Readonly<Record<Phase, string>> = {
  handshake: 'Opening handshake (HTTP)',
  data: 'Data transfer (frames)',
  closing: 'Closing',
};

/** One thing the diagram draws, in order. */
type Step =
  | { readonly kind: 'phase'; readonly phase: Phase }
  | {
      readonly kind: 'request' | 'response' | 'frame';
      readonly from: Side;
      readonly label: string;
      readonly detail: string;
      readonly opcode?: number;
    }
  | { readonly kind: 'note' | 'closed'; readonly label: string };

function phaseOf(event: PageTraceEvent, current: Phase | undefined): Phase | undefined {
  switch (event.type) {
    case 'handshake-request':
    case 'handshake-response':
      return Phase.handshake;
    case 'frame':
      return event.frame.opcode === Opcode.close || current === Phase.closing ? Phase.closing : Phase.data;
    case 'closed':
      return Phase.closing;
    default:
      return current;
  }
}

/** The wire events as steps, with a phase heading wherever a new phase begins. The page's API events are left out. */
function steps(events: readonly PageTraceEvent[]): Step[] {
  const out: Step[] = [];
  let phase: Phase | undefined;
  for (const event of events) {
    if (event.type === 'api') continue;
    const next = phaseOf(event, phase);
    if (next !== undefined && next !== phase) out.push({ kind: 'phase', phase: next });
    phase = next;
    switch (event.type) {
      case 'handshake-request':
        out.push({
          kind: 'request',
          from: Side.client,
          label: `${event.method} ${event.path} ${event.httpVersion}`,
          detail: `upgrade request, ${event.headers.length} headers`,
        });
        break;
      case 'handshake-response': {
        const accept = event.headers.find(([name]) => name.toLowerCase() === 'sec-websocket-accept');
        out.push({
          kind: 'response',
          from: Side.server,
          label: `${event.status} ${event.reason}`,
          detail: accept ? `Sec-WebSocket-Accept: ${accept[1]}` : 'the handshake is refused',
        });
        break;
      }
      case 'frame': {
        const { opcode, fin, masked } = event.frame;
        out.push({
          kind: 'frame',
          from: event.from,
          label: `${opcodeName(opcode)} frame, opcode 0x${opcode.toString(16)}${fin ? '' : ', FIN 0'}`,
          detail: `${payloadPreview(event.frame)}${masked ? ', masked' : ''}`,
          opcode,
        });
        break;
      }
      case 'closed':
        out.push({
          kind: 'closed',
          label: `TCP connection closed: code ${event.code}${event.reason ? ` “${event.reason}”` : ''}, ${event.wasClean ? 'clean' : 'not clean'}`,
        });
        break;
      case 'note':
        out.push({ kind: 'note', label: `Server: ${event.text}` });
        break;
    }
  }
  return out;
}

function describe(step: Step): string {
  switch (step.kind) {
    case 'phase':
      return `${PHASE_TITLES[step.phase]} begins`;
    case 'request':
    case 'response':
    case 'frame':
      return `${step.from === Side.client ? 'client to server' : 'server to client'}: ${step.label} (${step.detail})`;
    default:
      return step.label;
  }
}

/** Cuts a label to about `chars` characters so it fits the width; the full text is in the step's title. */
function fit(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1))}…`;
}

const HEADER = 46;
const ROW: Readonly<Record<Step['kind'], number>> = {
  phase: 30,
  request: 50,
  response: 50,
  frame: 50,
  note: 30,
  closed: 36,
};
const BOX = 104;
const MIN_WIDTH = 280;
/** Average glyph width at the label sizes below, for cutting labels to fit. */
const CHAR = 7;

/**
 * A sequence diagram of one connection, drawn from its trace: the client's and
 * the server's lifelines, one labelled arrow per wire event (the upgrade
 * request, the response, each frame with its opcode), a marker where the
 * connection ends, and a heading where each phase begins. New steps appear
 * as their events arrive. Reusable for any connection's trace.
 *
 * @cssprop --wsp-sent - the colour of the client's arrows
 * @cssprop --wsp-received - the colour of the server's arrows
 */
@customElement('wsp-sequence-diagram')
export class WspSequenceDiagram extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    svg {
      display: block;
      width: 100%;
      height: auto;
      font-family: system-ui, sans-serif;
      color: inherit;
    }
    .box {
      fill: var(--wsp-surface, #fff);
      stroke: var(--wsp-border-strong, #8a93a6);
    }
    .lifeline {
      stroke: var(--wsp-border-strong, #8a93a6);
      stroke-dasharray: 4 4;
    }
    text {
      fill: currentColor;
      font-size: 13px;
      paint-order: stroke;
      stroke: var(--wsp-surface, #fff);
      stroke-width: 4px;
      stroke-linejoin: round;
    }
    .box-label {
      font-weight: 600;
    }
    .detail {
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      font-size: 11.5px;
      fill: var(--wsp-muted, #5b6478);
    }
    .phase-label {
      font-size: 12px;
      font-weight: 600;
      letter-spacing: 0.04em;
      text-transform: uppercase;
      fill: var(--wsp-muted, #5b6478);
    }
    .phase-rule {
      stroke: var(--wsp-border, #d5d9e2);
    }
    .from-client .arrow {
      stroke: var(--wsp-sent, #1d47a8);
      fill: var(--wsp-sent, #1d47a8);
    }
    .from-server .arrow {
      stroke: var(--wsp-received, #1d7437);
      fill: var(--wsp-received, #1d7437);
    }
    .arrow line {
      stroke-width: 2;
    }
    .end-rule {
      stroke: currentColor;
      stroke-width: 2;
    }
    .note-label {
      font-style: italic;
    }
    .step {
      animation: appear 0.35s ease-out;
    }
    @keyframes appear {
      from {
        opacity: 0;
        transform: translateY(-6px);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .step {
        animation: none;
      }
    }
    .empty {
      fill: var(--wsp-muted, #5b6478);
    }
  `;

  /** The connection's trace; only wire events are drawn. */
  @property({ attribute: false }) events: readonly PageTraceEvent[] = [];
  /** The left lifeline's name. */
  @property({ attribute: 'client-label' }) clientLabel = 'Browser';
  /** The right lifeline's name. */
  @property({ attribute: 'server-label' }) serverLabel = 'Server';

  /** Drawn at the element's real width, so the text stays readable on a phone. */
  @state() private width = 640;
  readonly #resize = new ResizeObserver(([entry]) => {
    const width = Math.max(MIN_WIDTH, Math.round(entry?.contentRect.width ?? 0));
    // Next frame: redrawing changes the height, which inside this callback would start a resize loop.
    if (entry && Math.abs(width - this.width) > 1) requestAnimationFrame(() => (this.width = width));
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    this.#resize.disconnect();
    super.disconnectedCallback();
  }

  protected override render() {
    const all = steps(this.events);
    const width = this.width;
    const left = BOX / 2 + 4;
    const right = width - BOX / 2 - 4;
    // Labels may run across the lifelines (a halo keeps them readable), so narrow screens keep more text.
    const chars = Math.floor((width - 24) / CHAR);
    let y = HEADER + 8;
    const drawn = all.map((step) => {
      const top = y;
      y += ROW[step.kind];
      return this.#step(step, top, left, right, chars);
    });
    const height = Math.max(y, HEADER + 50) + 8;
    const label =
      all.length === 0
        ? 'Sequence diagram: nothing has crossed the wire yet.'
        : `Sequence diagram between ${this.clientLabel} and ${this.serverLabel}, ${all.length} steps: ${all.map(describe).join('; ')}.`;
    return html`<svg role="img" aria-label=${label} viewBox="0 0 ${width} ${height}" width=${width} height=${height}>
      <title>${label}</title>
      ${this.#lifeline(left, this.clientLabel, height)} ${this.#lifeline(right, this.serverLabel, height)} ${drawn}
      ${
        all.length === 0
          ? svg`<text class="empty" x=${width / 2} y=${HEADER + 34} text-anchor="middle">Nothing on the wire yet.</text>`
          : ''
      }
    </svg>`;
  }

  #lifeline(x: number, name: string, height: number): SVGTemplateResult {
    return svg`<rect class="box" x=${x - BOX / 2} y="4" width=${BOX} height=${HEADER - 12} rx="6"></rect>
      <text class="box-label" x=${x} y=${HEADER / 2 + 3} text-anchor="middle">${fit(name, Math.floor(BOX / 8))}</text>
      <line class="lifeline" x1=${x} y1=${HEADER - 8} x2=${x} y2=${height - 4}></line>`;
  }

  #step(step: Step, top: number, left: number, right: number, chars: number): SVGTemplateResult {
    const middle = (left + right) / 2;
    switch (step.kind) {
      case 'phase':
        return svg`<g class="step" data-kind="phase" data-phase=${step.phase}>
          <line class="phase-rule" x1="0" y1=${top + 21} x2=${right + BOX / 2 + 4} y2=${top + 21}></line>
          <text class="phase-label" x=${middle} y=${top + 16} text-anchor="middle">${PHASE_TITLES[step.phase]}</text>
        </g>`;
      case 'note':
        return svg`<g class="step" data-kind="note"><title>${step.label}</title>
          <text class="note-label" x=${middle} y=${top + 18} text-anchor="middle">${fit(step.label, chars)}</text>
        </g>`;
      case 'closed':
        return svg`<g class="step" data-kind="closed"><title>${step.label}</title>
          <line class="end-rule" x1=${left} y1=${top + 8} x2=${right} y2=${top + 8}></line>
          <text x=${middle} y=${top + 26} text-anchor="middle">${fit(step.label, chars)}</text>
        </g>`;
      default: {
        const fromClient = step.from === Side.client;
        const [x1, x2] = fromClient ? [left, right] : [right, left];
        const y1 = top + 36;
        const y2 = top + 42;
        const head = fromClient ? -10 : 10;
        return svg`<g class="step from-${step.from}" data-kind=${step.kind} data-from=${step.from}
            data-opcode=${step.opcode ?? ''}>
          <title>${describe(step)}</title>
          <text x=${middle} y=${top + 14} text-anchor="middle">${fit(step.label, chars)}</text>
          <text class="detail" x=${middle} y=${top + 29} text-anchor="middle">${fit(step.detail, chars)}</text>
          <g class="arrow">
            <line x1=${x1} y1=${y1} x2=${x2 + head / 2} y2=${y2}></line>
            <path d="M ${x2} ${y2} l ${head} -5 l 0 10 z"></path>
          </g>
        </g>`;
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-sequence-diagram': WspSequenceDiagram;
  }
}
