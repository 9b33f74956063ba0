import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { lessonStyles } from '../../components/styles/lesson-styles.ts';
import { LessonPage } from '../../components/lesson-page.ts';
import type { SelfCheckOption } from '../../components/wsp-self-check.ts';
import '../../components/wsp-key-points.ts';
import '../../components/wsp-on-approach.ts';
import '../../components/wsp-self-check.ts';

/** The lesson's demos, loaded together when the reader first nears one. */
const loadDemos = (): Promise<unknown> => import('./wsp-closing-demos.ts');

const TLS_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'Code 1015, TLS Handshake, so the page can tell the reader to check the certificate.',
    correct: false,
    explanation:
      'RFC 6455 defines 1015 for that, but the WHATWG WebSockets Standard forbids a browser to tell a script that TLS failed, and notes that 1015 is not used by the user agent.',
  },
  {
    text: 'Code 1006, an empty reason, wasClean false, after an error event that says nothing more.',
    correct: true,
    explanation:
      'A failed TLS handshake looks exactly like a host that does not exist or a port that refused: 1006. Otherwise a script could map the reader’s local network. The browser’s developer tools may say more; the page cannot read them.',
  },
  {
    text: 'No close event: the connection never opened, so there is nothing to close.',
    correct: false,
    explanation:
      'A WebSocket that fails to connect still fires error, then close, so the page always learns that it failed.',
  },
];

const PAGE_CODE_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'The browser sends a close frame with 1001 and the reason.',
    correct: false,
    explanation:
      'A page may only pass 1000 or a code from 3000 to 4999. 1001 is for the browser itself and for servers; nothing is sent.',
  },
  {
    text: 'close() throws an InvalidAccessError, and the connection stays open.',
    correct: true,
    explanation:
      'The browser checks the code before anything else and throws at once. No frame is sent, so the connection carries on as before.',
  },
  {
    text: 'The browser quietly sends 1000 instead.',
    correct: false,
    explanation: 'The browser never swaps the code for another: it refuses the call with an exception.',
  },
];

const BYTES_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'Code 4001, reason “bye”.',
    correct: true,
    explanation:
      'The first two bytes are the code, high byte first: 0x0fa1 = 15 × 256 + 161 = 4001. The rest, 62 79 65, is “bye” in UTF-8.',
  },
  {
    text: 'Code 41231, reason “bye”.',
    correct: false,
    explanation:
      'That reads the two bytes the other way round, low byte first (0xa10f). Network byte order puts the high byte first (§5.5.1).',
  },
  {
    text: 'Code 15, reason “¡bye”.',
    correct: false,
    explanation: 'A code is always two bytes. Only after them does the reason begin.',
  },
];

const CRASH_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'Code 1011, Internal Error, with wasClean false.',
    correct: false,
    explanation:
      'A server sends 1011 in a close frame when it can still send one. A process that crashed sends nothing at all.',
  },
  {
    text: 'Code 1006, an empty reason, wasClean false.',
    correct: true,
    explanation:
      'The operating system closes the dead process’s connections, so the browser learns that TCP is gone, with no close frame before it. 1006 says exactly that.',
  },
  {
    text: 'No close event: readyState stays OPEN.',
    correct: false,
    explanation:
      'When a process dies, its operating system still closes its TCP connections, so the browser hears about it. A connection only goes silent when nothing at all arrives, as when the network itself vanishes.',
  },
];

/**
 * Lesson: the closing handshake, the close frame's bytes, the close codes, and the ways a connection ends.
 *
 * @fires wsp-lesson-sections - once rendered: its sections, for the site's "on this page" links
 */
@customElement('wsp-lesson-closing')
export class WspLessonClosing extends LessonPage {
  static override styles = [
    lessonStyles,
    css`
      wsp-close-client-demo,
      wsp-close-server-demo,
      wsp-close-drop-demo,
      wsp-close-connecting-demo,
      wsp-close-code-table {
        margin: 1rem 0;
      }
      ol li,
      ul li {
        margin: 0.3rem 0;
      }
    `,
  ];

  protected override render() {
    return html`<article>
      <h1>Closing a connection</h1>
      <p class="lead">
        A WebSocket ends with a handshake of its own. One side sends a close frame, usually with a status code and a
        short reason; the other answers with a close frame; then the TCP connection is shut (RFC 6455 §1.4, §7). The
        page learns how it went from the <code>close</code> event: its <code>code</code>, <code>reason</code> and
        <code>wasClean</code>.
      </p>

      <h2>The closing handshake</h2>
      <ol>
        <li>
          <strong>One side sends a close frame</strong> (opcode 8). Either side may start. After its close frame a side
          sends no more messages (§5.5.1).
        </li>
        <li>
          <strong>The other side answers with a close frame of its own</strong> as soon as it can, usually with the code
          it received. Messages that were already on their way may still arrive first.
        </li>
        <li>
          <strong>TCP is closed.</strong> A side that has sent and received a close frame is done. RFC 6455 asks the
          server to close the TCP connection first; the client waits for it (§7.1.1).
        </li>
      </ol>
      <p>
        The page's <code>close</code> event reports the code and the reason of the close frame the browser
        <em>received</em> (§7.1.5). When the page closes first, that is the server's answer. <code>wasClean</code> is
        true only when both close frames crossed and TCP closed after them.
      </p>

      <h2>The page closes</h2>
      <p>
        A page ends a connection with <code>ws.close(code, reason)</code>. Both arguments are optional, and the browser
        checks them before it sends anything:
      </p>
      <ul>
        <li>
          The code must be 1000 or from 3000 to 4999. Any other code throws an <code>InvalidAccessError</code>. The
          other codes belong to the protocol: the browser and servers send them, a script may not.
        </li>
        <li>
          The reason may be at most 123 bytes of UTF-8, or <code>close()</code> throws a <code>SyntaxError</code>. Count
          bytes, not characters: “é” takes 2 bytes, “€” 3, most emoji 4. The code is checked first.
        </li>
        <li>
          With no arguments, <code>close()</code> sends a close frame with an empty body. The server then sees no code
          and reports 1005, and so does the page, since the answer carries none either. Chromium reads
          <code>close(undefined, "bye")</code> as code 0 and throws: give a code whenever you give a reason.
        </li>
      </ul>
      <p>
        Connect, pick a code and a reason, and call <code>close()</code>. The presets try each rule. In Live mode the
        exception is the one your own browser threw, and the frames are the ones the live server received and sent; in
        Simulated mode the in-page WebSocket throws the same exceptions, with Chromium's messages.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-close-client-demo></wsp-close-client-demo></wsp-on-approach>

      <h2>Inside a close frame</h2>
      <p>
        A close frame is a control frame: FIN set, opcode 8, never split into fragments, and a payload of at most 125
        bytes (§5.5). The payload is either empty or begins with the status code as an unsigned 16-bit number in network
        byte order, high byte first. The reason follows, in UTF-8 (§5.5.1). 4000 is 0x0fa0, so its bytes are
        <code>0f a0</code>; a reason of “bye” adds <code>62 79 65</code>. The code takes 2 of the 125 bytes, which
        leaves 123 for the reason.
      </p>
      <p>
        The browser's close frame is masked like every frame a client sends (§5.3): on the wire its payload looks like
        noise, and the payload table under it shows the bytes unmasked. The server's answer is not masked. The reason is
        meant for logs and for developers, not for the people using the page, and the RFC does not even require it to be
        readable.
      </p>

      <h2>The close codes</h2>
      <p>
        A code is two bytes, but only some numbers carry meaning (§7.4). 1000 to 2999 belong to the protocol: RFC 6455
        defines 1000 to 1011 and 1015; 1012 to 1014 were registered with IANA later, and the rest are reserved. 3000 to
        3999 are registered with IANA by libraries, frameworks and applications. 4000 to 4999 are private: two programs
        may give them any meaning they agree on. Numbers below 1000 are not used.
      </p>
      <p>
        Three codes never travel in a frame: §7.4.1 says an endpoint must not put 1005, 1006 or 1015 in a close frame.
        1005 means the close frame had no code, 1006 that no close frame came at all, 1015 that the TLS handshake
        failed. They exist for an endpoint to report about a connection. What a receiver should do with a close frame
        that carries one anyway, the RFC does not say; ws fails such a connection with 1002, Protocol Error, and so does
        this site's own parser.
      </p>
      <p id="no-1015">
        A browser reports 1005 and 1006, but never 1015. The WHATWG WebSockets Standard, which browsers follow, forbids
        telling a script why a connection failed in any way that would let it tell a failed TLS handshake from a host
        that does not exist, a port that refused, or a server that is no WebSocket server: in all of these the page sees
        1006, an empty reason and <code>wasClean</code> false (§4, “Feedback from the protocol”, which adds that “the
        code 1015 is not used by the user agent”). Were it otherwise, a script could probe the reader's local network.
        1015 is for clients outside the browser that choose to report it to their own code; many, ws among them, report
        1006 there too. The course's tests check this in Chromium: a <code>wss:</code> URL to the live server's plain
        port fails its TLS handshake, and the page gets 1006.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-close-code-table></wsp-close-code-table></wsp-on-approach>

      <h2>The server closes</h2>
      <p>
        A server may send any code a close frame may carry, including those a page may not: 1001 when it shuts down,
        1008 when a client broke its rules, 1009 for a message too big, 1011 when something went wrong inside it, 1012
        or 1013 to say “come back later”. The <code>/close</code> endpoint closes as asked after a delay, and echoes
        whatever it gets until then. The page's WebSocket answers the server's close frame by itself, without any
        script, and its <code>close</code> event carries the server's code and reason.
      </p>
      <p>
        Try 1001, an empty body (the page reports 1005), and 1006: no one may send that one, so the server refuses the
        request during the handshake and the page sees the connection fail.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-close-server-demo></wsp-close-server-demo></wsp-on-approach>

      <h2>No close frame: 1006</h2>
      <p>
        A connection can end with no closing handshake at all. The server process crashes or drops the socket (ws's
        <code>terminate()</code> does that on purpose), a proxy gives up on an idle connection, a machine reboots. Then
        no close frame crosses, and the browser reports code 1006, Abnormal Closure, with an empty reason and
        <code>wasClean</code> false. Chromium fires no <code>error</code> event first in this case. 1006 never travels:
        it is the browser's way of saying that the connection just ended.
      </p>
      <p>
        Sometimes nothing tells either end. A cable is pulled or a phone loses its signal, and no packet arrives to say
        the connection is gone: <code>readyState</code> stays <code>OPEN</code> until something times out. That is why
        servers ping their clients and clients watch for silence (the frames and client lessons show how).
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-close-drop-demo></wsp-close-drop-demo></wsp-on-approach>

      <h2>Closing while still connecting</h2>
      <p>
        Called before the <code>open</code> event, <code>close()</code> cannot start a closing handshake: there is no
        connection to close yet. The browser gives up the attempt instead. <code>readyState</code> turns to
        <code>CLOSING</code> at once, then the page hears an <code>error</code> event and a <code>close</code> event
        with 1006 and <code>wasClean</code> false (WHATWG WebSockets, <code>close()</code>). Chromium also prints
        “WebSocket is closed before the connection is established” in the console.
      </p>
      <p>
        You will meet that warning when a component opens a socket as it appears and closes it as it goes: if it goes at
        once, the socket never opened. Here <code>close()</code> runs right after <code>new WebSocket()</code>, in the
        same task, and the browser usually gives up before its upgrade request has gone out: nothing crosses the wire.
        Had the request gone out, the server would see it, and then a connection that vanishes.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-close-connecting-demo></wsp-close-connecting-demo></wsp-on-approach>

      <wsp-key-points>
        <ul>
          <li>
            Either side starts the closing handshake with a close frame; the other answers with its own; then TCP
            closes, the server first. The close event's <code>wasClean</code> is true only after that whole exchange.
          </li>
          <li>
            A close frame's payload is empty, or a 2-byte code (high byte first) followed by a UTF-8 reason of at most
            123 bytes.
          </li>
          <li>
            A page's <code>close()</code> takes 1000 or 3000 to 4999 (else <code>InvalidAccessError</code>) and a reason
            of at most 123 bytes (else <code>SyntaxError</code>). Servers may send any code a frame may carry.
          </li>
          <li>
            1005, 1006 and 1015 are never sent (§7.4.1). A browser reports 1005 and 1006, never 1015: a failed TLS
            handshake reaches the page as 1006, like every other failure to connect. 1006 means no close frame came: a
            crash, a dropped connection, a connection that never opened, or a <code>close()</code> before it did.
          </li>
        </ul>
      </wsp-key-points>

      <h2>Check yourself</h2>
      <wsp-self-check
        question="A page calls ws.close(1001, 'leaving') on an open connection. What happens?"
        .options=${PAGE_CODE_QUESTION}
      ></wsp-self-check>
      <wsp-self-check
        question="A close frame's payload, unmasked, is 0f a1 62 79 65. What does it say?"
        .options=${BYTES_QUESTION}
      ></wsp-self-check>
      <wsp-self-check
        question="The server process crashes while a page's WebSocket is open. What does the page's close event report?"
        .options=${CRASH_QUESTION}
      ></wsp-self-check>
      <wsp-self-check
        question="A page opens wss://… to a server whose certificate has expired. What does its close event report?"
        .options=${TLS_QUESTION}
      ></wsp-self-check>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-closing': WspLessonClosing;
  }
}
