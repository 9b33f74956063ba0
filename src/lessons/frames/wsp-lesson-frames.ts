import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { lessonStyles } from '../../components/styles/lesson-styles.ts';
import { LessonPage } from '../../components/lesson-page.ts';
import type { SelfCheckOption } from '../../components/wsp-self-check.ts';
import { fromHex, shortestLengthForm } from '../../protocol/index.ts';
import { LENGTH_PRESETS } from './length-presets.ts';
import '../../components/wsp-key-points.ts';
import '../../components/wsp-on-approach.ts';
import '../../components/wsp-self-check.ts';
import { groupDigits } from '../../protocol/group-digits.ts';

/** The lesson's demos, loaded together when the reader first nears one. */
const loadDemos = (): Promise<unknown> => import('./wsp-frames-demos.ts');

/** The largest size the echo demo's buttons send: a frame in the 64-bit length form. */
const BIG = LENGTH_PRESETS[LENGTH_PRESETS.length - 1]!;

/** A frame's size on the wire for `payload` bytes (§5.2): 2 bytes, the extended length, a client's 4-byte key, the payload. */
export function frameSize(payload: number, masked: boolean): number {
  const form = shortestLengthForm(payload);
  return 2 + (form === 16 ? 2 : form === 64 ? 8 : 0) + (masked ? 4 : 0) + payload;
}

/** RFC 6455 §5.7: "A single-frame masked text message", "Hello" with key 37 fa 21 3d. */
const RFC_MASKED_HELLO = fromHex('81 85 37 fa 21 3d 7f 9f 4d 51 58')!;

const MASK_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'To keep the messages secret from anyone on the network.',
    correct: false,
    explanation:
      'The key travels in the frame, right before the payload: anyone who sees the bytes can unmask them. Secrecy is the job of TLS (wss:).',
  },
  {
    text: 'So that a page’s script cannot choose the bytes that go on the wire, and so cannot trick a proxy that misreads them as HTTP.',
    correct: true,
    explanation:
      'The browser picks a fresh, unpredictable key for each frame, after the script has handed over its data. §10.3 introduces masking against cache poisoning of intermediaries that do not understand WebSocket.',
  },
  {
    text: 'So that the server can check the message was not changed on the way.',
    correct: false,
    explanation: 'XOR with a key that is sent along proves nothing about integrity; TLS protects that too.',
  },
];

const LENGTH_QUESTION: readonly SelfCheckOption[] = [
  {
    text: '2 bytes: byte 1 holds 126 directly.',
    correct: false,
    explanation: '126 and 127 are taken as markers. The 7-bit field holds only 0 to 125.',
  },
  {
    text: '4 bytes: byte 1 says 126, and 2 more bytes carry the length 126.',
    correct: true,
    explanation:
      'The 16-bit form: 0x7e (plus the MASK bit) in byte 1, then 00 7e. With the 4-byte key a browser’s header for 126 bytes is 8 bytes long.',
  },
  {
    text: '10 bytes: any length over 125 uses the 64-bit form.',
    correct: false,
    explanation:
      'The 64-bit form starts at 65,536. §5.2 asks for the shortest form that fits, so 126 to 65,535 use 16 bits.',
  },
];

const PING_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'Call ws.ping() from the page every few seconds.',
    correct: false,
    explanation: 'The browser’s WebSocket has no ping() method: a page cannot send ping or pong frames at all.',
  },
  {
    text: 'Let the server send pings: the browser answers each with a pong by itself, and the page never sees them.',
    correct: true,
    explanation:
      '§5.5.2 says a pong must answer a ping, and browsers do it without the page. For a check the page can see, send ordinary messages of your own (an application-level heartbeat).',
  },
  {
    text: 'Send an empty text message with opcode 0x9.',
    correct: false,
    explanation: 'send() picks the opcode itself: text for a string, binary for bytes. A page cannot choose 0x9.',
  },
];

/**
 * Lesson: frames, byte by byte: fields, masking, lengths, opcodes, fragments, ping/pong, and a frame lab.
 *
 * @fires wsp-lesson-sections - once rendered: its sections, for the site's "on this page" links
 */
@customElement('wsp-lesson-frames')
export class WspLessonFrames extends LessonPage {
  static override styles = [
    lessonStyles,
    css`
      wsp-frame-demo,
      wsp-frame-lab,
      wsp-frame-bytes {
        margin: 1rem 0;
      }
      ol li,
      ul li {
        margin: 0.3rem 0;
      }
      table {
        border-collapse: collapse;
        font-size: 0.9rem;
        margin: 0.5rem 0;
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
        padding: 0.3rem 0.6rem;
        border-top: 1px solid var(--wsp-border, #d5d9e2);
      }
      pre {
        overflow-x: auto;
        background: var(--wsp-code-bg, #f6f7f9);
        padding: 0.5rem 0.75rem;
        border-radius: var(--wsp-radius, 6px);
        font-size: 0.85rem;
      }
    `,
  ];

  protected override render() {
    return html`<article>
      <h1>Frames</h1>
      <p class="lead">
        After the handshake, everything on a WebSocket travels in <em>frames</em>: a header of 2 to 14 bytes, then the
        payload. The header says what kind of frame it is, whether more of the message follows, how long the payload is,
        and, for frames from a browser, the key that masks it (RFC 6455 §5).
      </p>

      <h2>A frame, field by field</h2>
      <p>Every frame starts with the same two bytes (§5.2):</p>
      <ul>
        <li>
          <strong>FIN</strong> (1 bit): 1 on the last frame of a message. Most messages are one frame, with FIN set.
        </li>
        <li>
          <strong>RSV1, RSV2, RSV3</strong> (1 bit each): reserved for extensions. With none negotiated they must be 0.
          permessage-deflate, when a server accepts it, marks a compressed message with RSV1 on its first frame only;
          the message's continuation frames keep RSV1 at 0 (RFC 7692 §6). This server declines it here; the
          <a href="#/compression">Compression</a> lesson's <code>/deflate</code> accepts it.
        </li>
        <li><strong>opcode</strong> (4 bits): what the frame is: text, binary, continuation, close, ping or pong.</li>
        <li>
          <strong>MASK</strong> (1 bit): 1 when a masking key follows. Clients set it on every frame, servers never.
        </li>
        <li>
          <strong>payload length</strong> (7 bits): 0 to 125 is the length itself; 126 says “the length is in the next 2
          bytes”, 127 “in the next 8 bytes”.
        </li>
      </ul>
      <p>
        Then come the extended length (if any), the 4-byte masking key (if MASK is 1) and the payload. Below is the
        masked “Hello” that RFC 6455 gives as an example in §5.7: 11 bytes, 6 of header and 5 of payload. Each byte in
        the grid is marked with the field it belongs to; the table under it reads every field.
      </p>
      <wsp-on-approach .load=${loadDemos}
        ><wsp-frame-bytes
          id="rfc-example"
          .bytes=${RFC_MASKED_HELLO}
          label="RFC 6455 §5.7, masked “Hello”"
        ></wsp-frame-bytes
      ></wsp-on-approach>

      <h2>Read the frames of a real connection</h2>
      <p>
        Connect to the echo endpoint and send something. Every frame that crosses the connection, both ways, appears in
        the list; pick one to read it byte by byte. Your message goes up masked, and the server's echo comes back
        unmasked. In Live mode these are the bytes your browser really sent, with the masking key it really chose: the
        server reads them off its socket before ws unmasks them and reports them on a side channel.
      </p>
      <wsp-on-approach .load=${loadDemos}
        ><wsp-frame-demo
          id="echo-demo"
          endpoint="echo"
          presets
          show-masking
          follow="client"
          label="Echo frames"
        ></wsp-frame-demo
      ></wsp-on-approach>

      <h2>Three ways to write a length</h2>
      <p>
        Use the buttons above to send texts of 125, 126 and 65,536 bytes, then read byte 1 of each frame from the client
        (§5.2 asks for the shortest form that fits):
      </p>
      <ul>
        <li>
          <strong>125 bytes</strong>: byte 1 is <code>fd</code>, the MASK bit plus 125. The header is 2 bytes, plus the
          4-byte key.
        </li>
        <li>
          <strong>126 bytes</strong>: byte 1 is <code>fe</code> (MASK plus 126), then <code>00 7e</code>: 126 as a
          16-bit number. This form covers 126 to 65,535.
        </li>
        <li>
          <strong>65,536 bytes</strong>: byte 1 is <code>ff</code> (MASK plus 127), then 8 bytes,
          <code>00 00 00 00 00 01 00 00</code>. The first bit of the 8 must be 0, so the largest length is 2<sup
            >63</sup
          >
          − 1; in practice servers set far lower limits (this one takes messages up to 64 KiB).
        </li>
      </ul>
      <p>
        The grid shows the first 64 bytes of a frame and counts the rest, so even the biggest frame stays readable.
        Count the bytes in the list: your ${groupDigits(BIG)} bytes leave as a
        <span id="big-client-frame">${groupDigits(frameSize(BIG, true))}</span>-byte frame (2 bytes, 8 of length, 4 of
        masking key, then the payload), and the server's echo, with no key, is
        <span id="big-server-frame">${groupDigits(frameSize(BIG, false))}</span> bytes.
      </p>

      <h2>Masking, and why only clients do it</h2>
      <p>
        A client picks a new 4-byte key for every frame, writes it into the header, and sends byte <em>i</em> of the
        payload XORed with byte <em>i</em> mod 4 of the key (§5.3). The receiver XORs again with the same key and gets
        the payload back. The table under the frame view above does this for the frame you picked: send the 125 bytes of
        “a” and watch the masked bytes repeat every 4 bytes, with the key.
      </p>
      <p>
        This is not encryption. The key is right there in the frame, and anyone who can see the bytes can unmask them.
        Keeping messages private is the job of TLS: use <code>wss:</code>.
      </p>
      <p>
        Masking protects the network, not the message. Before WebSocket was finished, researchers showed that some
        proxies and caches on the path between a browser and a server do not understand the Upgrade: they keep reading
        the connection as HTTP (§10.3). The attack has two halves. A hostile page connects to a server the attacker
        runs, and its script sends a message whose bytes look like an HTTP request for a popular script on another site.
        The attacker's server then answers with bytes that look like the response to that request, carrying the
        attacker's code, and a proxy that misreads the connection caches it as the popular script, for everyone behind
        it. Masking breaks the first step: because the browser picks an unpredictable key after the script has handed
        over its data, the script can no longer choose a single byte that goes on the wire, so no request the proxy
        could believe ever crosses it. That is why §5.3 asks for a key from a strong source of randomness, a new one per
        frame, and why a server must fail a connection whose client sends an unmasked frame (§5.1; ws closes with 1002).
        Servers don't mask: in this attack the attacker owns the server, so masking its bytes would stop nothing. The
        defence takes away the request, the one part that had to come from a script running in someone else's browser.
      </p>

      <h2>Opcodes: what a page can send</h2>
      <div class="table-scroll" tabindex="0" role="region" aria-labelledby="opcodes-caption">
        <table>
          <caption id="opcodes-caption">
            The six opcodes (§5.2, §11.8); 0x3–0x7 and 0xb–0xf are reserved and fail the connection
          </caption>
          <thead>
            <tr>
              <th scope="col">Opcode</th>
              <th scope="col">Frame</th>
              <th scope="col">From a page</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td><code>0x1</code></td>
              <th scope="row">text</th>
              <td><code>ws.send("a string")</code>: the browser encodes the string as UTF-8.</td>
            </tr>
            <tr>
              <td><code>0x2</code></td>
              <th scope="row">binary</th>
              <td><code>ws.send(blob)</code>, an <code>ArrayBuffer</code> or a typed array.</td>
            </tr>
            <tr>
              <td><code>0x0</code></td>
              <th scope="row">continuation</th>
              <td>
                No API: <code>send()</code> takes a whole message and gives no way to split it. Servers can (see below).
              </td>
            </tr>
            <tr>
              <td><code>0x8</code></td>
              <th scope="row">close</th>
              <td><code>ws.close(code, reason)</code>, with 1000 or 3000–4999 and a reason up to 123 bytes.</td>
            </tr>
            <tr>
              <td><code>0x9</code></td>
              <th scope="row">ping</th>
              <td>No API. A server sends pings; the page never sees them.</td>
            </tr>
            <tr>
              <td><code>0xa</code></td>
              <th scope="row">pong</th>
              <td>No API: the browser answers every ping with a pong by itself.</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>
        Text, binary and continuation frames carry data; close, ping and pong are <em>control frames</em>. Control
        frames carry at most 125 bytes and are never split, so they can slip in between the fragments of a long message
        (§5.5). The payload of a text message must be valid UTF-8 once the message is whole (§5.6); a receiver that gets
        anything else fails the connection (§8.1), with close code 1007, Invalid Frame Payload Data (§7.4.1).
      </p>

      <h2>Fragments: one message, several frames</h2>
      <p>
        A message can be sent in pieces (§5.4): the first frame carries the opcode (text or binary) with FIN 0, the
        middle ones are continuation frames with FIN 0, and the last is a continuation with FIN 1. A sender uses this to
        start a message before it knows its full size. The <code>/fragments</code> endpoint sends each message back
        split into as many frames as you ask. Watch the frames arrive, then the log: the page still gets one
        <code>message</code> event, with the whole text, because the browser puts the pieces back together.
      </p>
      <p>
        The endpoint cuts by bytes, not by characters. Send <code>ab€</code> in 3 frames: “€” is 3 bytes of UTF-8,
        <code>e2 82 ac</code>, and the second frame ends after its first byte. That is allowed: §5.6 lets a frame hold
        part of a character as long as the whole message is valid UTF-8. Pick the second frame and the view says the
        character continues in the next frame; pick the third and it says its first bytes end a character an earlier
        frame began. Only bytes that no later frame could complete are invalid.
      </p>
      <wsp-on-approach .load=${loadDemos}
        ><wsp-frame-demo
          id="fragments-demo"
          endpoint="fragments"
          follow="server"
          label="Fragment frames"
        ></wsp-frame-demo
      ></wsp-on-approach>

      <h2>Ping and pong</h2>
      <p>
        A ping asks “are you still there?”; the other side must answer with a pong carrying the same payload (§5.5.2,
        §5.5.3). Servers use them to find dead connections: ws-based servers typically ping every 30 seconds and drop a
        client whose pong does not come back. The <code>/ping</code> endpoint pings with a counter as the payload.
        Connect, wait, and look at the trace: a ping from the server, then a pong from the client with the same bytes,
        masked like any client frame. The log shows no event for either: only the JSON message the server sends with the
        round-trip time it measured.
      </p>
      <wsp-on-approach .load=${loadDemos}
        ><wsp-frame-demo id="ping-demo" endpoint="ping" follow="server" label="Ping frames"></wsp-frame-demo
      ></wsp-on-approach>

      <h2>The frame lab</h2>
      <p>
        A browser only sends frames it built itself, so to see how a server reacts to a broken one you have to build the
        bytes by hand. Do it here: set the fields, or paste hex, read the frame in the view, and send it to a server.
        The lab opens a connection, does the handshake, writes your bytes exactly as they are and reports what the
        server did: the frames it sent back, its close code, its own error, and whether it hung up.
      </p>
      <p>
        In Simulated mode the bytes go to this site's own server-side parser, in the page. In Live mode the page posts
        them to the live server's <code>/frame-lab</code>, which writes them on a real TCP connection to a plain ws
        server and returns ws's own reaction. Try the broken presets: a server answers an unmasked frame, a reserved
        opcode, a ping over 125 bytes or a set RSV bit with 1002 (protocol error), and text that is not UTF-8 with 1007.
        The “16-bit length for 5 bytes” preset is a case where the two servers disagree: §5.2 says a length MUST use the
        shortest form, and this site's parser fails the frame with 1002, but ws accepts it and echoes the message.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-frame-lab id="lab"></wsp-frame-lab></wsp-on-approach>

      <wsp-key-points>
        <ul>
          <li>
            A frame is a 2-byte header (FIN, RSV1–3, opcode, MASK, a 7-bit length), an optional 2- or 8-byte extended
            length, a 4-byte masking key on client frames, and the payload.
          </li>
          <li>
            Lengths up to 125 fit in the first 2 bytes; 126 to 65,535 take 2 more bytes; anything larger takes 8 more.
          </li>
          <li>
            Clients mask every frame with a fresh random key; servers never mask. Masking stops a script from choosing
            the bytes on the wire (§10.3); it hides nothing, because the key is in the frame.
          </li>
          <li>
            A page sends text, binary and close frames only. Continuation frames, pings and pongs come from the browser
            or the server; the browser answers pings by itself and hands the page whole messages.
          </li>
          <li>
            Broken frames fail the connection with a close code: 1002 for a protocol error, 1007 for text that is not
            UTF-8, 1009 for a message too big.
          </li>
        </ul>
      </wsp-key-points>

      <h2>Check yourself</h2>
      <wsp-self-check
        question="Why must a browser mask the frames it sends?"
        .options=${MASK_QUESTION}
      ></wsp-self-check>
      <wsp-self-check
        question="A page sends a text of exactly 126 bytes. How long is the frame header before the masking key?"
        .options=${LENGTH_QUESTION}
      ></wsp-self-check>
      <wsp-self-check
        question="You want to know whether a browser is still connected to your server. What works?"
        .options=${PING_QUESTION}
      ></wsp-self-check>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-frames': WspLessonFrames;
  }
}
