import { html, type TemplateResult } from 'lit';
import { WEBSOCKET_GUID } from '../../protocol/index.ts';

/** Which message a header was in: the browser's upgrade request or the server's answer. */
export const HeaderSide = { request: 'request', response: 'response' } as const;
export type HeaderSide = (typeof HeaderSide)[keyof typeof HeaderSide];

/** What one header is for, in a few sentences, and whether RFC 6455 gives it a role. */
export interface HeaderNote {
  readonly websocket: boolean;
  readonly text: TemplateResult;
}

const ordinary = (text: TemplateResult): HeaderNote => ({ websocket: false, text });
const protocol = (text: TemplateResult): HeaderNote => ({ websocket: true, text });

const REQUEST_NOTES: Readonly<Record<string, HeaderNote>> = {
  host: protocol(
    html`The server's name and port, as in the URL. Every HTTP/1.1 request names its host, and RFC 6455 requires it in
    the handshake (§4.1, §4.2.1): one machine that answers for several names tells them apart by it.`,
  ),
  connection: protocol(
    html`<code>Upgrade</code> says that this request wants to change protocols on this very TCP connection, and marks
      the Upgrade header as meant for the next hop only (RFC 9110 §7.6.1). A server that finds no
      <code>Upgrade</code> token here refuses the handshake with 400 (§4.2.1).`,
  ),
  upgrade: protocol(
    html`The protocol the client asks to switch to: <code>websocket</code> (§4.1; RFC 9110 §7.8). Without it the request
      is an ordinary GET, and this server answers it as any plain GET of a WebSocket path, with 426 Upgrade Required:
      try it under “Break it” below.`,
  ),
  'sec-websocket-key': protocol(
    html`Sixteen random bytes, fresh for every connection, written in base64: always 24 characters ending in
      <code>==</code> (§4.1). The server hashes the key together with a fixed GUID and returns the result as
      Sec-WebSocket-Accept (§1.3, §4.2.2); matching it proves the server understood a WebSocket request, not some other
      HTTP request that happened to reach it. That is its whole job. It is no security measure: it is not secret, anyone
      can compute the answer, and it says nothing about who is connecting. Because it changes every time, a cache or
      proxy that replayed an old answer would carry the wrong Accept, and the browser would refuse it.`,
  ),
  'sec-websocket-version': protocol(
    html`<code>13</code>, the only version RFC 6455 defines (§4.1). A server that does not speak the version asked for
      answers <code>426 Upgrade Required</code> with its own Sec-WebSocket-Version listing the versions it does speak
      (§4.2.2, §4.4).`,
  ),
  origin: protocol(
    html`The origin (scheme, host and port) of the page that created the WebSocket. The browser sets it and no script
      can change it. Browsers apply no CORS check to WebSockets, so deciding whether this origin may connect is the
      server's job (§4.2.2, §10.2); see <a href="#/cors">CORS and Origin</a>. Programs other than browsers can send any
      Origin they like, and a page opened from <code>file://</code> sends <code>null</code>.`,
  ),
  'sec-websocket-protocol': protocol(
    html`The subprotocols the page offered, in its order: the second argument of
      <code>new WebSocket(url, protocols)</code>. The server picks at most one and names it in its answer (§4.2.2); try
      it in the subprotocol demo below.`,
  ),
  'sec-websocket-extensions': protocol(
    html`The extensions the browser offers: <code>permessage-deflate</code> compresses each message (RFC 7692), and
      <code>client_max_window_bits</code> lets the server choose the size of the window the browser compresses with.
      This path declines (only <code>/deflate</code>, in the Compression lesson, accepts): its answer carries no
      Sec-WebSocket-Extensions, so no extension is in use, <code>ws.extensions</code> is the empty string and frames
      cross uncompressed (RSV1 stays 0, §5.2).`,
  ),
  pragma: ordinary(
    html`<code>no-cache</code>: the HTTP/1.0 way to say “do not answer me from a cache”. Not part of RFC 6455, and not
      something a browser sends with every request: the WebSockets Standard gives the handshake the cache mode
      <code>no-store</code> (§2.2), and for that mode Fetch adds <code>Pragma: no-cache</code> and
      <code>Cache-Control: no-cache</code> (“HTTP-network-or-cache fetch”). So Chromium sends both on every WebSocket
      handshake.`,
  ),
  'cache-control': ordinary(
    html`<code>no-cache</code> asks caches on the way not to answer with a stored response. Not part of RFC 6455:
      Chromium sends it on every WebSocket handshake, with <code>Pragma: no-cache</code>, because the WebSockets
      Standard fetches the handshake with the cache mode <code>no-store</code> (§2.2) and Fetch adds both headers for
      that mode.`,
  ),
  'user-agent': ordinary(
    html`Ordinary HTTP: the browser's name and version. RFC 6455 gives it no role; a server may log it.`,
  ),
  'accept-encoding': ordinary(
    html`Ordinary HTTP: the compressions the browser can read in a response body. A 101 answer has no body, so it does
    nothing here; compressing messages is offered in Sec-WebSocket-Extensions instead.`,
  ),
  'accept-language': ordinary(
    html`Ordinary HTTP: the reader's preferred languages, from the browser's settings. It plays no part in the
    handshake.`,
  ),
  cookie: ordinary(
    html`Cookies go along with the handshake by the same rules as any request (§4.1 allows it), so a server can tell who
      is logged in; from a page on another site, only a <code>SameSite=None</code> cookie may go (the CORS lesson shows
      it). The trace never shows their values.`,
  ),
};

const RESPONSE_NOTES: Readonly<Record<string, HeaderNote>> = {
  upgrade: protocol(
    html`<code>websocket</code>: the server agrees to the switch (§4.2.2). A 101 without it fails the connection (§4.1).`,
  ),
  'sec-websocket-accept': protocol(
    html`The proof that the server read a WebSocket handshake: the base64 of the SHA-1 of the key followed by the GUID
      <code>${WEBSOCKET_GUID}</code> (§1.3, §4.2.2). The browser computes the same value and fails the connection if the
      two differ (§4.1). Work it out step by step in the calculator below.`,
  ),
  'sec-websocket-protocol': protocol(
    html`The one subprotocol the server picked from the page's offer (§4.2.2); the page reads it as
      <code>ws.protocol</code>. When the header is missing, none was picked.`,
  ),
  'sec-websocket-extensions': protocol(
    html`The extensions the server accepted from the browser's offer, with their parameters (§9.1). Here the server
      sends none: it declines permessage-deflate on every path but <code>/deflate</code> (the Compression lesson).`,
  ),
  'sec-websocket-version': protocol(
    html`Sent with a refusal: the versions this server speaks, so that a client can try again with one of them (§4.2.2,
    §4.4).`,
  ),
  'content-type': ordinary(
    html`Ordinary HTTP: the kind of body that follows, here a line of text saying what was wrong. The browser never
    hands this body to the page.`,
  ),
  'content-length': ordinary(html`Ordinary HTTP: the size of the body in bytes.`),
};

const CONNECTION_UPGRADE = protocol(
  html`<code>Upgrade</code>, as in the request: required in a 101 answer (§4.2.2). From the blank line after these
    headers on, the connection carries WebSocket frames.`,
);
const CONNECTION_CLOSE = ordinary(
  html`<code>close</code>: the server hangs up after this answer. The connection never becomes a WebSocket.`,
);
const FETCH_METADATA = ordinary(
  html`Fetch metadata, not part of RFC 6455: it tells the server what kind of request this is and where it came from.
  Some browsers send it with the handshake.`,
);
const OTHER = ordinary(html`An ordinary HTTP header: RFC 6455 gives it no role in the handshake.`);

/** What a header does, for the reader who selects it in a captured request or answer. */
export function headerNote(name: string, side: HeaderSide, value: string): HeaderNote {
  const key = name.toLowerCase();
  if (side === HeaderSide.response && key === 'connection') {
    return /\bupgrade\b/i.test(value) ? CONNECTION_UPGRADE : CONNECTION_CLOSE;
  }
  const note = (side === HeaderSide.request ? REQUEST_NOTES : RESPONSE_NOTES)[key];
  if (note) return note;
  return key.startsWith('sec-fetch-') ? FETCH_METADATA : OTHER;
}
