import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { PagePart } from '../../components/page-part.ts';

/**
 * The four lanes of the race compared on what the race cannot measure: who
 * may send, reconnecting, binary data, proxies, connections per host. Each
 * cell says where it comes from: the race, or the section of the standard
 * or source that says so.
 *
 * @cssprop --wsp-border - the rules between rows
 */
@customElement('wsp-ways-compared')
export class WspWaysCompared extends PagePart {
  static override styles = css`
    :host {
      display: block;
    }
    .table-scroll {
      overflow-x: auto;
    }
    .table-scroll:focus-visible {
      outline: 3px solid var(--wsp-focus, #f5a524);
      outline-offset: 2px;
    }
    /* Four equal columns beside the row names; below 44rem the table scrolls within its region. */
    table {
      border-collapse: collapse;
      table-layout: fixed;
      width: 100%;
      min-width: 44rem;
      font-size: 0.85rem;
      line-height: 1.45;
    }
    .names {
      width: 7rem;
    }
    caption {
      text-align: left;
      font-weight: 600;
      padding: 0.3rem 0;
    }
    th,
    td {
      text-align: left;
      vertical-align: top;
      padding: 0.35rem 0.6rem;
      border-top: 1px solid var(--wsp-border, #d5d9e2);
    }
    thead th {
      border-top: 0;
      border-bottom: 2px solid var(--wsp-border, #d5d9e2);
    }
    code {
      font-family: var(--wsp-mono, ui-monospace, Menlo, Consolas, monospace);
      font-size: 0.9em;
      /* A source path is longer than a column is wide. */
      overflow-wrap: anywhere;
    }
  `;

  protected override render() {
    return html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="caption">
      <table id="compared">
        <caption id="caption">
          Four ways to get updates from a server, beyond bytes and delay
        </caption>
        <colgroup>
          <col class="names" />
          <col span="4" />
        </colgroup>
        <thead>
          <tr>
            <td></td>
            <th scope="col">Short polling</th>
            <th scope="col">Long polling</th>
            <th scope="col">Server-Sent Events</th>
            <th scope="col">WebSocket</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Who can send</th>
            <td>The page asks; the server answers each request once (the race).</td>
            <td>The same; the server only chooses when to answer (the race).</td>
            <td>
              The server, on the response to the page's one request (HTML §9.2.1). Anything the other way needs requests
              of its own, with <code>fetch</code>.
            </td>
            <td>Either side, at any moment, on the one connection (RFC 6455 §1.2).</td>
          </tr>
          <tr>
            <th scope="row">Overhead per update</th>
            <td>
              A whole request and response, a few hundred bytes each, and as much again for every empty answer (the
              race).
            </td>
            <td>A whole request and response for each answer (the race).</td>
            <td>
              An <code>id:</code> line, <code>data: </code>, two line ends and the chunk's framing: about twenty bytes
              (the race).
            </td>
            <td>A frame header: 2 bytes for up to 125 bytes from the server, 4 up to 65,535 (§5.2; the race).</td>
          </tr>
          <tr>
            <th scope="row">Reconnect and resume</th>
            <td colspan="2">
              Nothing to resume: each request names the last update the page has (<code>since=</code>), and the next
              answer starts after it.
            </td>
            <td>
              Built in: the browser reconnects after the <code>retry:</code> time the server set and names the last
              event id in <code>Last-Event-ID</code> (HTML §9.2.3, §9.2.4); the server replays what it still keeps (here
              the last 100 updates). Tick "Cut the event stream" in the race to watch it.
            </td>
            <td>
              Nothing built in: the page opens a new connection and must tell the server itself where it stopped. RFC
              6455 only asks a client to back off before it tries again (§7.2.3).
            </td>
          </tr>
          <tr>
            <th scope="row">Binary data</th>
            <td colspan="2">Any body: <code>fetch</code> reads the bytes as they are.</td>
            <td>
              Text only: an event stream is always decoded as UTF-8 (HTML §9.2.5), so bytes must be encoded first
              (base64 makes them a third bigger).
            </td>
            <td>Binary frames, opcode <code>0x2</code> (§5.6).</td>
          </tr>
          <tr>
            <th scope="row">Proxies and buffering</th>
            <td>Ordinary requests and responses.</td>
            <td>
              A held request must be answered before a proxy gives up on it: nginx does after 60 s of silence by default
              (<code>proxy_read_timeout</code>); this server answers within 25 s.
            </td>
            <td>
              A proxy that buffers responses holds the events back. nginx does by default (<code>proxy_buffering</code>)
              unless the response says <code>X-Accel-Buffering: no</code>, as <code>/sse</code> does; this site's
              <code>deploy/nginx.conf</code> turns buffering off.
            </td>
            <td>
              The proxy must pass the upgrade on: nginx needs <code>Upgrade</code> and <code>Connection</code> set by
              hand, and a read timeout longer than the server's ping interval (<code>deploy/nginx.conf</code>).
            </td>
          </tr>
          <tr>
            <th scope="row">Connections, over HTTP/1.1</th>
            <td>One request at a time on each connection; the browser reuses them.</td>
            <td>Each held poll occupies one of the browser's connections to the host while it waits.</td>
            <td>
              Each open stream holds one. Chromium opens at most 6 connections per host
              (<code>net/socket/client_socket_pool_manager.cc</code>), so a seventh stream, in a seventh tab say, waits
              for one to close. The HTML standard warns of this (§9.2.7).
            </td>
            <td>Counted apart: Chromium allows 255 WebSocket connections per host (the same file).</td>
          </tr>
          <tr>
            <th scope="row">Over HTTP/2</th>
            <td colspan="3">
              Every request and stream to a host shares one connection, each as a stream of its own (RFC 9113 §5), and a
              server should allow at least 100 at once (§6.5.2): the limit of six is gone.
            </td>
            <td>
              It can share that connection too where the server allows it (RFC 8441); the live server speaks HTTP/1.1,
              so here each WebSocket has its own.
            </td>
          </tr>
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-ways-compared': WspWaysCompared;
  }
}
