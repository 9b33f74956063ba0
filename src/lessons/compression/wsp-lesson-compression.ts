import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { lessonStyles } from '../../components/styles/lesson-styles.ts';
import { LessonPage } from '../../components/lesson-page.ts';
import { CHROMIUM_DEFLATE_OFFER } from '../../protocol/index.ts';
import type { SelfCheckOption } from '../../components/wsp-self-check.ts';
import '../../components/wsp-key-points.ts';
import '../../components/wsp-on-approach.ts';
import '../../components/wsp-self-check.ts';

/** The lesson's demos, loaded together when the reader first nears one. */
const loadDemos = (): Promise<unknown> => import('./wsp-compression-demos.ts');

const UNASKED_PARAMETER: readonly SelfCheckOption[] = [
  {
    text: 'The browser fails the connection: the server named a parameter the offer did not.',
    correct: false,
    explanation:
      'That rule holds for client_max_window_bits and for extensions the browser never offered. client_no_context_takeover is the server’s to ask for at any time (RFC 7692 §7.1.1.2).',
  },
  {
    text: 'The connection opens, and the browser empties its window after every message it sends.',
    correct: true,
    explanation:
      'A server may include client_no_context_takeover in its answer whether or not the offer had it, and the browser must then start each message afresh (§7.1.1.2).',
  },
  {
    text: 'The connection opens, and the browser ignores the parameter: it was not asked for.',
    correct: false,
    explanation:
      'An accepted parameter binds: a browser that kept its window would send copies the server cannot resolve, and the connection would fail.',
  },
];

const WHICH_FRAMES: readonly SelfCheckOption[] = [
  {
    text: 'All three: each frame of a compressed message is marked.',
    correct: false,
    explanation:
      'RSV1 marks the message, on its first frame. A continuation frame with RSV1 set fails the connection (RFC 7692 §6).',
  },
  {
    text: 'Only the first.',
    correct: true,
    explanation:
      'RSV1 on the first frame says the whole message is compressed; the message is inflated as a whole once its last frame has arrived (§6, §7.2.2).',
  },
  {
    text: 'Only the last, once the whole message is known.',
    correct: false,
    explanation: 'The receiver must know from the first frame: RSV1 sits on the frame that carries the opcode.',
  },
];

const THE_TAIL: readonly SelfCheckOption[] = [
  {
    text: 'Appends 00 00 ff ff to the payload, then inflates it.',
    correct: true,
    explanation:
      'The sender flushed its DEFLATE output with an empty block, which always ends in 00 00 ff ff, and left those 4 bytes out (§7.2.1). The receiver puts them back (§7.2.2).',
  },
  {
    text: 'Checks that the payload ends with 00 00 ff ff, removes it, then inflates.',
    correct: false,
    explanation:
      'The tail never travels: every compressed message would end with the same 4 bytes, so §7.2.1 removes them.',
  },
  {
    text: 'Inflates the payload as it is: the tail is only an end marker.',
    correct: false,
    explanation:
      'Without the tail the last, empty block is cut short; a decoder would wait for bytes that never come. The tail completes it (§7.2.2).',
  },
];

const THE_LEAK: readonly SelfCheckOption[] = [
  {
    text: 'Nothing: the connection is wss:, so no one can read the message.',
    correct: false,
    explanation:
      'TLS hides the bytes, not how many there are. A message that compressed better is shorter, and anyone on the network sees that.',
  },
  {
    text: 'Whoever can put text in the query and watch the encrypted traffic can recover the token from the sizes.',
    correct: true,
    explanation:
      'A guess that matches the token compresses one byte better. Guess a character at a time and watch: that is CRIME and BREACH. Keep the token out of this message, or out of this compressed context.',
  },
  {
    text: 'Only the server can read the token, because only it can inflate the message.',
    correct: false,
    explanation: 'The attacker inflates nothing: the length alone tells which guess was right.',
  },
];

const WHY_OFF: readonly SelfCheckOption[] = [
  {
    text: 'Because browsers rarely offer it.',
    correct: false,
    explanation: 'Chromium offers it in every handshake, as do Firefox and Safari.',
  },
  {
    text: 'Because every compressing connection holds zlib state on the server, and compressing costs CPU per message.',
    correct: true,
    explanation:
      'Hundreds of kilobytes per connection with the default windows: across thousands of idle connections that is the server’s memory. Turn it on where messages are large and repetitive.',
  },
  {
    text: 'Because compressed frames cannot pass through proxies.',
    correct: false,
    explanation:
      'A proxy that forwards a WebSocket forwards its frames, compressed or not: the extension is between the two ends.',
  },
];

/**
 * Lesson: compression with permessage-deflate (RFC 7692): negotiated, on the
 * wire, X-rayed, what it costs, and how it can leak a secret.
 *
 * @fires wsp-lesson-sections - once rendered: its sections, for the site's "on this page" links
 */
@customElement('wsp-lesson-compression')
export class WspLessonCompression extends LessonPage {
  static override styles = [
    lessonStyles,
    css`
      wsp-deflate-negotiation,
      wsp-deflate-wire,
      wsp-deflate-xray,
      wsp-deflate-cost,
      wsp-deflate-oracle {
        margin: 1rem 0;
      }
      ul li {
        margin: 0.3rem 0;
      }
      /* The header wraps on a phone rather than scroll: a region that scrolls would need the keyboard too. */
      pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        background: var(--wsp-code-bg, #f6f7f9);
        padding: 0.5rem 0.75rem;
        border-radius: var(--wsp-radius, 6px);
        font-size: 0.85rem;
      }
    `,
  ];

  protected override render() {
    return html`<article>
      <h1>Compression</h1>
      <p class="lead">
        A WebSocket message can travel compressed. The extension that does it, permessage-deflate (RFC 7692), is the one
        nearly every WebSocket in production meets: every Chromium handshake offers it. It squeezes each message with
        DEFLATE, the algorithm inside gzip and zip, and marks the compressed ones with RSV1. This lesson negotiates it,
        reads it byte by byte, opens up the DEFLATE stream, weighs what it saves against what it costs, and shows how it
        can give a secret away.
      </p>

      <h2>The offer and the answer</h2>
      <p>
        Extensions are agreed in the handshake (RFC 6455 §9.1). The browser lists what it can do in
        <code>Sec-WebSocket-Extensions</code>; the server answers, in its 101, with what it accepts, and only from that
        list. Chromium always sends the same offer, and no script can change it:
      </p>
      <pre>Sec-WebSocket-Extensions: ${CHROMIUM_DEFLATE_OFFER}</pre>
      <p>
        In words: “I can compress each message, and I can use a smaller window if you ask.” The answer settles four
        parameters (RFC 7692 §7.1). DEFLATE shrinks a message by finding repeats and writing “copy 20 bytes from 85
        bytes back” instead, so each side keeps a <em>window</em> of the bytes it sent last. Two parameters say whether
        that window lasts from one message to the next (<em>context takeover</em>, the default):
        <code>server_no_context_takeover</code> (§7.1.1.1) and <code>client_no_context_takeover</code> (§7.1.1.2) make
        the server, or the browser, start every message with an empty one. The other two,
        <code>server_max_window_bits</code> (§7.1.2.1) and <code>client_max_window_bits</code> (§7.1.2.2), from 8 to 15,
        limit how far back a side may copy: 2<sup>15</sup> = 32,768 bytes when not named. A smaller window needs less
        memory and finds fewer repeats.
      </p>
      <p>
        The server may accept with any of these, within §7.1's rules: it may name
        <code>client_max_window_bits</code> only because Chromium's offer did; the other three it may add whenever it
        likes. It may decline: no <code>Sec-WebSocket-Extensions</code> in the 101, and nothing is compressed. It may
        not answer with an extension the browser did not offer: the browser then fails the connection (RFC 6455 §4.1,
        §9.1), and the page sees an error event and close code 1006, with no word on why.
        <code>x-webkit-deflate-frame</code>, below, is such an answer: the per-frame compression browsers offered before
        RFC 7692.
      </p>
      <p>
        Choose the server's answer and connect. The demo sends “Hello” once open; send it again to see the window at
        work: with context takeover the second “Hello” spells out its “H” and copies “ello” from the first, 5 bytes of
        payload instead of 7 (RFC 7692 §7.2.3.2). Once open, <code>ws.extensions</code> tells the page what was agreed.
      </p>
      <wsp-on-approach .load=${loadDemos}
        ><wsp-deflate-negotiation id="negotiation"></wsp-deflate-negotiation
      ></wsp-on-approach>

      <h2>On the wire</h2>
      <p>
        Once agreed, compression is decided message by message. A sender that compresses a data message sets RSV1 on its
        first frame; the message's continuation frames keep RSV1 at 0, and control frames are never compressed (RFC 7692
        §6). To compress, the sender runs the whole message through DEFLATE and flushes the output to a byte boundary;
        zlib's flush ends with an empty block whose last four bytes are always <code>00 00 ff ff</code>, so §7.2.1 has
        the sender remove them. The receiver appends them again and inflates (§7.2.2). The frame's payload length is the
        compressed length.
      </p>
      <p>
        Chromium compresses every message it sends once the extension is agreed. A server chooses: ws, which the live
        server runs, sends messages under a <em>threshold</em> uncompressed (1,024 bytes unless told otherwise), since a
        few bytes rarely compress, but it applies the threshold only when it empties its window after every message
        (<code>server_no_context_takeover</code>). This demo's server does, with the threshold you choose. Send “Hi!”
        and the long message: both of the browser's frames carry RSV1, while the server's echo of “Hi!” comes back with
        RSV1 clear, its payload plain text, on the same connection. Pick a frame for its payload, the tail added back,
        and what it inflates to. In Live mode these are the bytes your browser and the server really sent, read off the
        server's socket; the trace below inflates them the same way.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-deflate-wire id="wire"></wsp-deflate-wire></wsp-on-approach>

      <h2>X-ray of a compressed message</h2>
      <p>
        DEFLATE (RFC 1951) writes a message as blocks. A block is <em>stored</em> (the bytes as they are) or coded with
        Huffman codes, either the fixed ones of the RFC or dynamic ones sent at the block's start. Inside a coded block
        the stream is a list of parts: <em>literals</em>, bytes spelt out one by one, and <em>back-references</em>,
        “copy this many bytes from this far back” (LZ77). The X-ray decodes a message with this site's own decoder, the
        one that inflates every compressed frame in its traces, and draws each copy over the text it produces.
      </p>
      <p>
        With context takeover the window holds the side's earlier messages, so a copy may reach back into them. Send the
        same JSON twice: the second message is nearly one long copy of the first, a few bytes on the wire. Then untick
        context takeover, connect again and do the same: each message starts from an empty window, and the second costs
        what the first did. That is the trade: takeover compresses repetitive traffic far better, and for it each side
        keeps its window, up to 32 KB, for as long as the connection lives.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-deflate-xray id="xray"></wsp-deflate-xray></wsp-on-approach>

      <h2>What it costs</h2>
      <p>
        Compression is not free, and not always a gain. The demo sends one message of each shape over a connection with
        no context takeover, so each is compressed on its own, and reads the frames' sizes from the trace. Repetitive
        JSON shrinks to a fraction. Random bytes cannot shrink: DEFLATE spells them out or stores them as they are, and
        its headers make them a little larger. A tiny message grows too: “ok” is 2 bytes, and 4 compressed. That is why
        servers keep a threshold.
      </p>
      <p>
        Then the CPU: every message is compressed by its sender and inflated by its receiver. The last columns time one
        message of each shape in this page; on the live server, the project's benchmark measured about 155 µs of CPU to
        echo a tiny message compressed, against 14 µs uncompressed. And the memory, which is what makes servers careful:
        each compressing connection holds a zlib deflate stream and an inflate stream for its whole life. With 15-bit
        windows and zlib's default memLevel of 8, zlib's own formula gives 256 KiB for deflating and about 39 KiB for
        inflating. Measured on this site's live server (docs/benchmarks.md), an idle connection that has compressed one
        message holds about 253 KB, against 10 KB for an uncompressed one: 24 times as much, because ws makes a
        connection's zlib streams at its first compressed message and keeps them while it lives. With 9-bit windows it
        is 113 KB. Ten thousand idle connections would hold some 2.5 GB for compression alone. That is why ws leaves
        permessage-deflate off unless a server turns it on, and why this site's server offers it on
        <code>/deflate</code> only.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-deflate-cost id="cost"></wsp-deflate-cost></wsp-on-approach>

      <h2>Why it can leak</h2>
      <p>
        Compression makes a message's length depend on what it says: the more it repeats itself, the shorter it gets.
        Encryption hides the bytes but not their number, so whoever watches the encrypted traffic (a Wi-Fi neighbour, a
        network in between) learns how well each message compressed. When one compressed message, or one compression
        context shared by several messages, holds a secret and also text an attacker chose, that is enough to read the
        secret. The attacker guesses its first character and gets the guess into the stream next to it: a chat line, a
        search term in a link, a name echoed back. The right guess repeats one more byte of the secret, DEFLATE copies
        it instead of spelling it out, and the message comes out a byte shorter. Then the next character: 36 tries per
        character of a six-character token, not 36<sup>6</sup>.
      </p>
      <p>
        This is CRIME (2012), which read session cookies through the header compression of TLS and SPDY, and BREACH
        (2013), which read secret tokens from gzip-compressed HTTP responses that also reflected the attacker's input.
        RFC 7692 warns of it in its security considerations (§8). Play the attacker: the page holds a random token and
        sends it in one compressed message with your text. Try <code>session=</code> and a letter by hand, or let the
        page try every next character at once, pick the shortest, and go on.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-deflate-oracle id="oracle"></wsp-deflate-oracle></wsp-on-approach>

      <h2>The defences</h2>
      <p>Switch the game's defence on and every guess weighs the same. There are three, from best to bluntest:</p>
      <ul>
        <li>
          <strong>Never compress a secret together with text an attacker can influence.</strong> Keep tokens out of the
          messages that carry others' text; better, authenticate once when the connection opens and send no token after.
        </li>
        <li>
          <strong>Separate contexts.</strong> If a secret must travel compressed, compress it where attacker text never
          goes: a message of its own, with no context takeover, so that no later message can copy from it. HTTP/2 sets
          the same rule for its own compression (RFC 9113 §10.6).
        </li>
        <li>
          <strong>Compression off</strong> for connections that carry both. A server declines per connection: ws leaves
          the extension off unless told, and this site's server accepts it on <code>/deflate</code> alone.
        </li>
      </ul>

      <wsp-key-points>
        <ul>
          <li>
            The browser offers permessage-deflate in every handshake. The server accepts it, with parameters, or
            declines; an answer the browser did not offer fails the connection with 1006.
          </li>
          <li>
            A compressed message has RSV1 on its first frame only. Its payload is DEFLATE data without the final
            <code>00 00 ff ff</code>, which the receiver adds back before inflating.
          </li>
          <li>
            With context takeover a message may copy from earlier ones, so repeated JSON shrinks to a few bytes; without
            it each message stands alone.
          </li>
          <li>
            Compression saves bytes on large, repetitive messages and loses a few on tiny or random ones; it costs CPU
            per message and, on the server, zlib memory per connection.
          </li>
          <li>
            Message sizes leak what compressed well: never compress a secret in one context with attacker-chosen text
            (CRIME, BREACH).
          </li>
        </ul>
      </wsp-key-points>

      <h2>Check yourself</h2>
      <wsp-self-check
        question="Chromium's offer did not include client_no_context_takeover, and the server's 101 answers “permessage-deflate; client_no_context_takeover”. What happens?"
        .options=${UNASKED_PARAMETER}
      ></wsp-self-check>
      <wsp-self-check
        question="A compressed message reaches the receiver in three frames. Which of them have RSV1 set?"
        .options=${WHICH_FRAMES}
      ></wsp-self-check>
      <wsp-self-check
        question="What does the receiver do with a compressed message's payload before inflating it?"
        .options=${THE_TAIL}
      ></wsp-self-check>
      <wsp-self-check
        question='Over wss: with permessage-deflate, a page sends {"token":"…","query":"…"}, the query taken from a link anyone can craft. What can go wrong?'
        .options=${THE_LEAK}
      ></wsp-self-check>
      <wsp-self-check
        question="Why does ws leave permessage-deflate off unless a server turns it on?"
        .options=${WHY_OFF}
      ></wsp-self-check>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-compression': WspLessonCompression;
  }
}
