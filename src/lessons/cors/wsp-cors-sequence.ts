import { LitElement, css, html, svg, type SVGTemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { opcodeName } from '../../protocol/index.ts';
import type { PageTraceEvent } from '../../transport/trace-stream.ts';
import { payloadPreview } from '../../components/trace-summary.ts';

type Tone = 'client' | 'server' | 'refused' | 'page';

interface Row {
  /** An arrow between the two sides, or a note beside one of them. */
  readonly shape: 'right' | 'left' | 'note-client' | 'note-server';
  readonly tone: Tone;
  readonly text: string;
}

/** Rows past this are summed up in one line: the timeline below has them all. */
const MAX_ROWS = 12;
const LINE = 15;
/** An average glyph width at 12.5px, to wrap labels before they run off. */
const GLYPH = 6.9;

function header(event: Extract<PageTraceEvent, { type: 'handshake-request' }>, name: string): string | undefined {
  return event.headers.find(([key]) => key.toLowerCase() === name)?.[1];
}

/** The request target without the live wire's `trace=` id: the diagram shows what the lesson asked for. */
function withoutTrace(path: string): string {
  const [base, query] = path.split('?');
  if (query === undefined) return path;
  const kept = query.split('&').filter((pair) => !pair.startsWith('trace='));
  return kept.length === 0 ? base! : `${base}?${kept.join('&')}`;
}

function rowFor(event: PageTraceEvent): Row | undefined {
  switch (event.type) {
    case 'handshake-request': {
      const cookie = header(event, 'cookie') === undefined ? '' : ', with a Cookie';
      const origin = header(event, 'origin') ?? '(no Origin header)';
      return { shape: 'right', tone: 'client', text: `GET ${withoutTrace(event.path)} · Origin: ${origin}${cookie}` };
    }
    case 'handshake-response': {
      const refused = event.status !== 101;
      const text = `${event.status} ${event.reason}${refused ? ': refused' : ''}`;
      return { shape: 'left', tone: refused ? 'refused' : 'server', text };
    }
    case 'note':
      return { shape: 'note-server', tone: 'refused', text: `The server’s reason: ${event.text}` };
    case 'frame':
      return {
        shape: event.from === 'client' ? 'right' : 'left',
        tone: event.from,
        text: `${opcodeName(event.frame.opcode)} frame: ${payloadPreview(event.frame)}`,
      };
    case 'closed':
      return { shape: 'note-server', tone: 'server', text: `The server saw the connection close: code ${event.code}` };
    case 'api':
      return event.name === 'message'
        ? undefined
        : {
            shape: 'note-client',
            tone: 'page',
            text: `The page gets ${event.name === 'open' || event.name === 'error' ? 'an' : 'a'} ${event.name} event: ${event.detail}`,
          };
  }
}

/** Breaks text into at most `lines` lines of `width` characters, ending in … when cut. */
function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest !== '' && out.length < lines) {
    if (rest.length <= width) {
      out.push(rest);
      rest = '';
      break;
    }
    const space = rest.lastIndexOf(' ', width);
    const cut = space > width / 2 ? space : width;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') out[out.length - 1] = `${out[out.length - 1]!.slice(0, width - 1)}…`;
  return out;
}

/**
 * A sequence diagram drawn from a connection's trace: the client's and the
 * server's lifelines, an arrow for each request, response and frame as it
 * crosses, and the server's reason and the page's events as notes. It grows
 * as the trace does, so it shows what the demo just did.
 *
 * @cssprop --wsp-sent - arrows from the client
 * @cssprop --wsp-received - arrows from the server
 * @cssprop --wsp-error - a refusal and its reason
 */
@customElement('wsp-cors-sequence')
export class WspCorsSequence extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    svg {
      display: block;
      width: 100%;
      height: auto;
      font-family: inherit;
    }
    text {
      fill: var(--wsp-text, #1b2130);
      font-size: 12.5px;
    }
    .name {
      font-weight: 600;
      font-size: 13.5px;
    }
    .detail {
      fill: var(--wsp-muted, #5b6478);
      font-size: 10.5px;
    }
    .box {
      fill: var(--wsp-surface, #fff);
      stroke: var(--wsp-border-strong, #8a93a6);
    }
    .lifeline {
      stroke: var(--wsp-border-strong, #8a93a6);
      stroke-dasharray: 4 4;
    }
    .client {
      stroke: var(--wsp-sent, #1d47a8);
      fill: var(--wsp-sent, #1d47a8);
    }
    .server {
      stroke: var(--wsp-received, #1d7437);
      fill: var(--wsp-received, #1d7437);
    }
    .refused {
      stroke: var(--wsp-error, #b42318);
      fill: var(--wsp-error, #b42318);
    }
    .page {
      stroke: var(--wsp-border-strong, #8a93a6);
      fill: var(--wsp-border-strong, #8a93a6);
    }
    line.client,
    line.server,
    line.refused {
      stroke-width: 2;
    }
    line.refused {
      stroke-dasharray: 7 4;
    }
    rect.note {
      fill: var(--wsp-hover, #eef1f6);
      stroke-width: 1;
    }
    .row {
      animation: appear 0.35s ease-out;
    }
    @keyframes appear {
      from {
        opacity: 0;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .row {
        animation: none;
      }
    }
  `;

  /** The trace to draw, in order. */
  @property({ attribute: false }) events: readonly PageTraceEvent[] = [];
  /** Who opens the connection, as the left lifeline's name. */
  @property() client = 'This page';
  /** Under the client's name: usually its origin. */
  @property({ attribute: 'client-detail' }) clientDetail = '';
  /** The right lifeline's name. */
  @property() server = 'Server';
  /** Under the server's name: usually its host. */
  @property({ attribute: 'server-detail' }) serverDetail = '';

  /** Drawn at the element's own width, so text stays readable on a phone. */
  @state() private width = 560;
  readonly #resize = new ResizeObserver(([entry]) => {
    const width = Math.round(entry?.contentRect.width ?? 0);
    if (width === 0 || Math.abs(width - this.width) <= 8) return;
    // Next frame: redrawing changes the element's height, which must not land inside this observation.
    requestAnimationFrame(() => (this.width = Math.max(280, Math.min(720, width))));
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
  }

  protected override render() {
    const width = this.width;
    const left = Math.min(84, width * 0.22);
    const right = width - left;
    const span = right - left;
    const arrowChars = Math.floor((span - 16) / GLYPH);
    const noteChars = Math.floor((width * 0.72 - 16) / GLYPH);
    const all = this.events.map(rowFor).filter((row): row is Row => row !== undefined);
    const rows = all.slice(0, MAX_ROWS);
    const parts: SVGTemplateResult[] = [];
    let y = 72;
    for (const row of rows) {
      const isArrow = row.shape === 'right' || row.shape === 'left';
      const lines = wrap(row.text, isArrow ? arrowChars : noteChars, isArrow ? 3 : 4);
      const texts = (x: number, anchor: string, top: number) =>
        lines.map((line, index) => svg`<text x=${x} y=${top + index * LINE} text-anchor=${anchor}>${line}</text>`);
      if (isArrow) {
        const lineY = y + lines.length * LINE;
        const [x1, x2] = row.shape === 'right' ? [left, right - 2] : [right, left + 2];
        parts.push(svg`<g class="row">
          ${texts(width / 2, 'middle', y + 8)}
          <line class=${row.tone} x1=${x1} y1=${lineY} x2=${x2} y2=${lineY} marker-end="url(#head-${row.tone})"></line>
        </g>`);
        y = lineY + 20;
      } else {
        const boxWidth = width * 0.72;
        const x = row.shape === 'note-server' ? width - boxWidth - 6 : 6;
        const height = lines.length * LINE + 10;
        parts.push(svg`<g class="row">
          <rect class="note ${row.tone}" x=${x} y=${y - 4} width=${boxWidth} height=${height} rx="5"></rect>
          ${texts(x + 8, 'start', y + 10)}
        </g>`);
        y += height + 12;
      }
    }
    if (all.length > rows.length) {
      parts.push(svg`<text x=${width / 2} y=${y + 8} text-anchor="middle" class="detail">
        … ${all.length - rows.length} more in the trace below
      </text>`);
      y += 24;
    }
    if (rows.length === 0) {
      parts.push(
        svg`<text x=${width / 2} y=${y + 8} text-anchor="middle" class="detail">Nothing has crossed yet.</text>`,
      );
      y += 24;
    }
    const height = y + 4;
    const description = this.#describe(all);
    const boxWidth = Math.min(160, 2 * left - 6);
    const head = (x: number, name: string, detail: string) => svg`
      <rect class="box" x=${x - boxWidth / 2} y="6" width=${boxWidth} height="44" rx="6"></rect>
      <text class="name" x=${x} y="24" text-anchor="middle">${name}</text>
      <text class="detail" x=${x} y="41" text-anchor="middle">${wrap(detail, Math.floor(boxWidth / 5.7), 1)[0] ?? ''}</text>
      <line class="lifeline" x1=${x} y1="50" x2=${x} y2=${height - 2}></line>`;
    return html`<svg
      role="img"
      aria-label=${description}
      viewBox="0 0 ${width} ${height}"
      width=${width}
      height=${height}
    >
      <title>${description}</title>
      <defs>
        ${(['client', 'server', 'refused', 'page'] as const).map(
          (
            tone,
          ) => svg`<marker id="head-${tone}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path class=${tone} d="M0 0 L10 5 L0 10 z"></path>
          </marker>`,
        )}
      </defs>
      ${head(left, this.client, this.clientDetail)} ${head(right, this.server, this.serverDetail)} ${parts}
    </svg>`;
  }

  #describe(rows: readonly Row[]): string {
    const steps = rows.map((row) => {
      if (row.shape === 'right') return `${this.client} to ${this.server}: ${row.text}`;
      if (row.shape === 'left') return `${this.server} to ${this.client}: ${row.text}`;
      return row.text;
    });
    const start = `Sequence diagram between ${this.client} (${this.clientDetail}) and ${this.server}`;
    return steps.length === 0 ? `${start}: nothing yet.` : `${start}. ${steps.join('. ')}.`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-cors-sequence': WspCorsSequence;
  }
}
