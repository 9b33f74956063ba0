import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import basicClientSource from './recipes/basic-client.ts?raw';
import bufferedAmountSource from './recipes/buffered-amount.ts?raw';
import heartbeatSource from './recipes/heartbeat.ts?raw';
import mistakesSource from './recipes/mistakes.ts?raw';
import reconnectSource from './recipes/reconnect.ts?raw';
import { recipeCode } from './recipe-code.ts';
import { lessonStyles } from '../../components/styles/lesson-styles.ts';
import { LessonPage } from '../../components/lesson-page.ts';
import type { SelfCheckOption } from '../../components/wsp-self-check.ts';
import '../../components/wsp-key-points.ts';
import '../../components/wsp-on-approach.ts';
import '../../components/wsp-self-check.ts';

/** The lesson's demos, loaded together when the reader first nears one. */
const loadDemos = (): Promise<unknown> => import('./wsp-client-demos.ts');

const EARLY_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'The browser keeps the message and sends it once the connection opens.',
    correct: false,
    explanation: 'Browsers keep nothing for later: a WebSocket has no queue for messages sent before open.',
  },
  {
    text: 'send() throws an InvalidStateError.',
    correct: true,
    explanation:
      'While readyState is CONNECTING, send() throws. Send from the open handler, or check readyState first, as sendWhenOpen does.',
  },
  {
    text: 'The message is dropped without a word.',
    correct: false,
    explanation:
      'That is what happens after close(): send() then discards the data without throwing (it still adds to bufferedAmount). Before open it throws.',
  },
];

const SILENCE_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'A close event with code 1006 within a second.',
    correct: false,
    explanation:
      'Only if something tells the browser. When the network vanishes, no packet arrives to say so, and TCP can wait minutes before it gives up.',
  },
  {
    text: 'Possibly nothing for minutes: readyState stays OPEN and no event fires.',
    correct: true,
    explanation:
      'Chromium answers the server’s pings but sends none of its own, and the page cannot ping. An application heartbeat with a timeout is how a page notices.',
  },
  {
    text: 'An error event, because the browser pings the server and the ping goes unanswered.',
    correct: false,
    explanation:
      'The standard would let a browser send pings of its own (WebSockets Standard §5), but Chromium sends none: it only answers the server’s. And the API lets the page send none and tells it of none.',
  },
];

const JITTER_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'So that every client waits exactly the same time and the server knows when to expect them.',
    correct: false,
    explanation: 'That is the problem jitter solves: identical waits bring every client back at the same instant.',
  },
  {
    text: 'So that clients dropped together spread out when they come back, instead of arriving at once.',
    correct: true,
    explanation:
      'After a server restart every page sees the drop at the same moment. A random wait between 0 and the bound spreads their returns over the whole interval.',
  },
  {
    text: 'Because browsers refuse a second connection opened at once to the same server.',
    correct: false,
    explanation:
      'Browsers do limit connections that are still connecting to one host, but a page may open a new WebSocket right away. The waits are there to spare the server.',
  },
];

/**
 * Lesson: the browser's WebSocket API, its usual mistakes, and a reconnect with backoff and jitter.
 *
 * @fires wsp-lesson-sections - once rendered: its sections, for the site's "on this page" links
 */
@customElement('wsp-lesson-client')
export class WspLessonClient extends LessonPage {
  static override styles = [
    lessonStyles,
    css`
      h3 {
        font-size: 1.05rem;
        margin: 1.5rem 0 0.25rem;
      }
      wsp-code-block,
      wsp-client-api-demo,
      wsp-client-buffered-demo,
      wsp-client-send-early-demo,
      wsp-client-error-handler-demo,
      wsp-client-heartbeat-demo,
      wsp-client-reconnect-demo {
        margin: 1rem 0;
      }
      wsp-code-block {
        /* The recipes are short: show each whole, without a scroll box. */
        --wsp-code-height: 60rem;
      }
      ul li,
      ol li {
        margin: 0.3rem 0;
      }
    `,
  ];

  protected override render() {
    return html`<article>
      <h1>The browser client</h1>
      <p class="lead">
        The browser’s <code>WebSocket</code> object does the handshake, the framing and the masking for you. You
        construct it with a URL, listen for four events (<code>open</code>, <code>message</code>, <code>error</code>,
        <code>close</code>) and call <code>send</code> and <code>close</code>. The hard part is what it does not do:
        notice a dead connection, or reconnect.
      </p>
      <p>
        Every code block on this page is cut from the files the demos really run, in
        <code>src/lessons/client/recipes/</code>, with their real line numbers. The functions take the
        <code>WebSocket</code> class as their last argument and use the browser’s own when none is given; this page
        passes its simulated one in Simulated mode and the browser’s in Live mode, so the code is the same on both
        wires.
      </p>
      <p>
        One thing before any code: load your page over HTTP, even on your own machine (<code>npx vite</code>, or any
        static file server). A page opened straight from disk, a <code>file://</code> address, has no real origin, so
        its handshake says <code>Origin: null</code>, and a server that checks Origin against an allowlist, as this
        project’s does, refuses it with 403. The page only sees an error event and close code 1006.
      </p>

      <h2>Opening a connection</h2>
      <p>
        <code>new WebSocket(url, protocols)</code> starts the handshake at once and returns without waiting. The URL
        usually starts with <code>ws:</code>, or <code>wss:</code> for a connection over TLS. Since 2023 the WHATWG
        WebSockets Standard also takes <code>http:</code> and <code>https:</code> URLs and relative ones, resolved
        against the page's base URL, and turns <code>http:</code> into <code>ws:</code> and <code>https:</code> into
        <code>wss:</code> (§3.1, the constructor's steps); Chromium does the same. So on a page at
        <code>https://example.com/</code>, <code>new WebSocket('/echo')</code> connects to
        <code>wss://example.com/echo</code>, and <code>socket.url</code> says so. The optional second argument is a
        subprotocol name or a list of them, offered to the server in <code>Sec-WebSocket-Protocol</code>.
      </p>
      <p>
        A few mistakes make the constructor throw at once, a <code>SyntaxError</code>: a URL that does not parse, any
        other scheme (<code>ftp:</code>, <code>file:</code>), a <code>#fragment</code>, even an empty one, and a
        subprotocol named twice (WebSockets Standard §3.1). One more throws in Chromium: a <code>ws:</code> URL (or an
        <code>http:</code> one, which becomes <code>ws:</code>) from a page loaded over <code>https:</code>, except to
        <code>localhost</code> or <code>127.0.0.1</code>, is mixed content, and Chromium throws a
        <code>SecurityError</code> (“An insecure WebSocket connection may not be initiated from a page loaded over
        HTTPS”). The standard blocks it later instead: Fetch makes that handshake a network error (“main fetch”), which
        the page would see as an error event and close code 1006. Everything else that can go wrong arrives later, as
        events, a blocked port (such as 25) included.
      </p>
      ${recipeCode(basicClientSource, 'basic-client.ts', 'openSocket', 'echo')}
      <p>
        <code>readyState</code> tells where the socket is: CONNECTING (0) while the handshake runs, OPEN (1) from the
        <code>open</code> event on, CLOSING (2) once a close frame has gone one way, CLOSED (3) when the TCP connection
        is gone. Only OPEN and CLOSED come with an event. The timeline in the demo reads <code>readyState</code> on
        every animation frame, so it also catches the quiet step to CLOSING. Connect, send, then Close: you will see all
        four states. Pick the missing endpoint to see a connection go from CONNECTING straight to CLOSED, with an
        <code>error</code> event first.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-client-api-demo></wsp-client-api-demo></wsp-on-approach>
      <p>
        With both subprotocols offered, <code>protocol</code> becomes <code>"v2.echo.playground"</code> on open: the
        server picked one of the offered names (it is empty before open, and stays empty if nothing was offered).
        <code>extensions</code> lists the extensions the server accepted. Chromium offers
        <code>permessage-deflate</code> compression with every connection; <code>/echo</code> declines it, so the value
        is the empty string (the <a href="#/compression">Compression</a> lesson's <code>/deflate</code> accepts it).
        <code>socket.close(1000, 'done')</code> sends a close frame and moves to CLOSING at once; the
        <code>close</code> event comes when the server has answered with its own close frame and the connection is gone.
        The browser only lets a page close with code 1000 or 3000 to 4999 and a reason of at most 123 bytes; the
        <a href="#/closing">closing lesson</a> shows the rest.
      </p>

      <h2>Sending strings, Blobs and ArrayBuffers</h2>
      <p>
        <code>send</code> takes a string, a <code>Blob</code>, an <code>ArrayBuffer</code> or a typed array. A string
        travels as a text frame (opcode 1) holding its UTF-8 bytes. The other three travel as a binary frame (opcode 2):
        the browser does not remember that the bytes came from a Blob, and neither does the wire. The table in the demo
        above pairs each send with the frame the trace saw.
      </p>
      ${recipeCode(basicClientSource, 'basic-client.ts', 'sendSample', 'binary')}
      <p>
        On the way back, <code>binaryType</code> decides what <code>event.data</code> is for a binary message: a
        <code>Blob</code> by default, or an <code>ArrayBuffer</code> when set to <code>'arraybuffer'</code>. A text
        message is always a string. A Blob suits data you pass on whole (an image, a download); its bytes need an async
        read. An ArrayBuffer is there at once, ready for a <code>DataView</code> or a typed array. Flip the setting in
        the demo and send the Blob again: the same bytes come back as the other type.
      </p>
      ${recipeCode(basicClientSource, 'basic-client.ts', 'describeData')}

      <h2>bufferedAmount: send never waits</h2>
      <p>
        <code>send</code> returns at once, whatever the size. What the network cannot take yet waits inside the browser,
        and <code>bufferedAmount</code> counts those bytes. There is no event when it drains, so a page that sends a lot
        (an upload, a stream of positions) should look at it before sending more, or the browser’s memory becomes the
        queue. That queue is not endless: when the data cannot be sent because the buffer is full, the standard does not
        make <code>send</code> throw or wait; the browser must close the connection (WHATWG WebSockets Standard §3.1,
        <code>send()</code>), and the page gets an error event and a close event with code 1006. The demo sends a burst
        of binary messages in one loop and reads <code>bufferedAmount</code> on every animation frame until it is back
        to 0.
      </p>
      ${recipeCode(bufferedAmountSource, 'buffered-amount.ts', 'sendFast')}
      ${recipeCode(bufferedAmountSource, 'buffered-amount.ts', 'watchBufferedAmount')}
      <wsp-on-approach .load=${loadDemos}><wsp-client-buffered-demo></wsp-client-buffered-demo></wsp-on-approach>

      <h2>Backpressure: a producer faster than the reader</h2>
      <p>
        That burst drained at once because the server reads as fast as it can. When it reads slowly, something must hold
        a faster producer back, and <code>WebSocket</code> has nothing for it: <code>send()</code> never waits, only
        <code>bufferedAmount</code> grows, and the page has to watch it. <code>WebSocketStream</code> has backpressure:
        the promise of <code>writer.write()</code> resolves once the browser has room for the message, so a producer
        that awaits it goes at the reader’s pace; and its reader takes messages when it asks for them, the browser
        taking no more off the connection once a little waits unread (the WebSocketStream explainer). Chromium ships it;
        Firefox and Safari do not, as of this writing (MDN’s browser compatibility data). The demo runs both against
        <code>/slow</code>, a server that reads N bytes a second and stops reading its socket once a second’s worth
        waits. And a full buffer does not close the connection in Chromium, whatever the standard says (above): in this
        project’s test it held 64 MiB queued, still OPEN, with no event, so the demo caps its own queue.
      </p>
      <wsp-on-approach .load=${() => import('./wsp-client-backpressure-demo.ts')}
        ><wsp-client-backpressure-demo></wsp-client-backpressure-demo
      ></wsp-on-approach>

      <h2>Three mistakes</h2>
      <h3>Sending before the connection is open</h3>
      <p>
        The handshake takes at least one round trip, so a <code>send</code> on the line after
        <code>new WebSocket</code> always finds the socket CONNECTING, and throws. On a developer’s machine the
        handshake is quick, but never quick enough for the next line of code. The browser does not queue the message.
        (The opposite case is quieter: after <code>close()</code>, <code>send</code> throws nothing, adds to
        <code>bufferedAmount</code> and discards the data; Chromium only mentions it in the console.)
      </p>
      ${recipeCode(mistakesSource, 'mistakes.ts', 'sendTooEarly')}
      ${recipeCode(mistakesSource, 'mistakes.ts', 'sendWhenOpen')}
      <wsp-on-approach .load=${loadDemos}><wsp-client-send-early-demo></wsp-client-send-early-demo></wsp-on-approach>

      <h3>No error or close handler</h3>
      <p>
        A page that only listens for <code>open</code> and <code>message</code> works until the first failure. If the
        server refuses the handshake or is down, <code>open</code> never fires and the page says “connecting…” forever;
        if an open connection dies, the page keeps showing “connected” and whatever it sends goes nowhere. Nothing is
        thrown and nothing reaches <code>window.onerror</code>: the only trace is a line in the developer tools’
        console. The <code>error</code> event itself carries no details, on purpose (a page must not learn why a server
        it probed refused). The <code>close</code> event that follows is the useful one: its <code>code</code> and
        <code>wasClean</code> say how the connection ended, and it is the place to decide whether to reconnect.
      </p>
      ${recipeCode(mistakesSource, 'mistakes.ts', 'connectHopefully')}
      ${recipeCode(mistakesSource, 'mistakes.ts', 'connectCarefully')}
      <wsp-on-approach .load=${loadDemos}
        ><wsp-client-error-handler-demo></wsp-client-error-handler-demo
      ></wsp-on-approach>

      <h3>A dead connection nobody notices</h3>
      <p>
        When a server goes away properly, its close frame arrives. When the TCP connection is reset, the browser learns
        of it at once and fires <code>close</code> with 1006. But when the network simply vanishes (a laptop lid closed,
        a phone out of range, a router that forgot the connection) no packet arrives to say so. The socket stays OPEN,
        sends pile up unnoticed, and TCP may take minutes to give up. RFC 6455 has ping and pong frames for this
        (§5.5.2, §5.5.3). The WHATWG WebSockets Standard lets a browser send pings of its own, and unasked pongs, to
        keep a connection alive or to notice that it died (§5, “Ping and Pong frames”), but does not require it, and
        Chromium sends none: it only answers the server's pings. The API lets a page send none and shows it none. So a
        page that needs to know builds its own heartbeat out of ordinary messages, with a timeout.
      </p>
      ${recipeCode(heartbeatSource, 'heartbeat.ts', 'startHeartbeat')}
      <p>
        A page cannot unplug a real network, so the demo puts a switch between the socket and the heartbeat: once cut,
        nothing passes either way and no event arrives, while the socket underneath still says OPEN. That is exactly
        what the page would see on a dead network.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-client-heartbeat-demo></wsp-client-heartbeat-demo></wsp-on-approach>

      <h2>Reconnecting with backoff and jitter</h2>
      <p>
        A WebSocket never reconnects by itself: once closed, it stays closed, and the page must construct a new one. The
        naive loop (reconnect the moment it closes) hammers a server that is down, and after a server restart it brings
        every page back in the same instant. Two habits fix this. <em>Exponential backoff</em>: after each failure the
        longest wait doubles, up to a cap. <em>Full jitter</em>: the actual wait is a random fraction of that bound, so
        pages dropped together come back spread out. And only a connection that stays up for a while resets the count,
        so a server that accepts and then drops at once still sees the waits grow.
      </p>
      ${recipeCode(reconnectSource, 'reconnect.ts', 'backoffBound')}
      ${recipeCode(reconnectSource, 'reconnect.ts', 'connectWithBackoff', 'reconnect')}
      <p>
        Start, then drop the connection a few times in a row (Simulated mode fails the connection as a network would,
        with no close frame), or pick the server that drops every connection by itself. Each attempt is listed with the
        wait chosen after it. Leave a connection up for 5 seconds and drop it again: the waits start over.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-client-reconnect-demo></wsp-client-reconnect-demo></wsp-on-approach>
      <p>
        A real page adds two things. It stops retrying when a close says that retrying cannot help (for example a close
        code your server uses for “not allowed”). And it resends what it must after reconnecting: subscriptions, or the
        messages the server never confirmed, since a WebSocket itself never tells which messages arrived.
      </p>

      <h2>Messages that survive a reconnect</h2>
      <p>
        A reconnect brings back the connection, not the messages. What the server sent while the page was away never
        arrives, nor what was still on its way when the connection died, and nothing says so: RFC 6455 numbers no
        messages and acknowledges none. The application has to. The playground’s <code>/resume</code> endpoint numbers
        every item (<code>{"type":"item","seq":12}</code>) and keeps the latest in a replay buffer, at most 50 items and
        none older than 20 s. A client that reconnects with <code>from=</code> the last seq it saw gets every later item
        still kept, then the live stream. It acknowledges what arrived (<code>{"type":"ack","seq":12}</code>) so the
        server can forget it sooner, and skips any seq it has seen. When the server no longer has what was asked for, a
        <code>gap</code> message names the items lost, rather than pretending. The demo runs two clients side by side:
        each loses its connection after item 10 (the server drops it with no close frame, close code 1006) and
        reconnects a second later. The counts are what each application received. Server-Sent Events have this built in:
        an event’s <code>id:</code> comes back in <code>Last-Event-ID</code> on reconnect (HTML Standard §9.2).
      </p>
      <wsp-on-approach .load=${() => import('./wsp-client-resume-demo.ts')}
        ><wsp-client-resume-demo></wsp-client-resume-demo
      ></wsp-on-approach>

      <h2>A page in the background</h2>
      <p>
        A page the reader is not looking at keeps its WebSocket, but not its timers. The HTML Standard lets a browser
        delay any timer further “to optimize the power usage of the device” (Timers, “run steps after a timeout”), and
        Chromium does: once a page has been hidden for 5 minutes, a chain of timers (each tick of a
        <code>setInterval</code> counts) may wake only once a minute, the others on whole seconds (Chrome’s “Heavy
        throttling of chained JS timers”, since Chrome 88). A heartbeat that measured silence from the last message
        heard would call a live connection dead at its first late tick. <code>startHeartbeat</code> above compares
        timestamps instead, and only a heartbeat left unanswered for the whole timeout counts. A server that pings needs
        no page timer at all: the browser answers by itself.
      </p>
      <p>
        Leaving raises the other question. The back/forward cache keeps a page the reader left, frozen, to show it at
        once on Back, and what it does with an open WebSocket differs, as of this writing: Chrome, since version 149,
        closes the page’s sockets as it enters the cache and fires <code>error</code> and <code>close</code> when it
        comes back (Chrome Platform Status, “Disconnect WebSockets on BFCache entry”); Safari closes them too; Firefox,
        and the HTML Standard itself, keep such a page out of the cache (a change is proposed in whatwg/html#12085).
        What works in all of them: close on <code>pagehide</code>, and open a new connection on
        <code>pageshow</code> when <code>event.persisted</code> says the page came back from the cache. A page may close
        only with 1000 or 3000 to 4999 (WebSockets Standard §3.1, <code>close()</code>); 1001, “going away” (RFC 6455
        §7.4.1), is what the browser sends when it discards a page whose socket is still open (WebSockets Standard §7,
        “make disappear”). The heartbeat and reconnect demos above follow the page this way.
      </p>
      <wsp-on-approach .load=${() => import('./wsp-client-page-lifecycle-demo.ts')}
        ><wsp-client-page-lifecycle-demo></wsp-client-page-lifecycle-demo
      ></wsp-on-approach>

      <wsp-key-points>
        <ul>
          <li>
            <code>new WebSocket(url, protocols)</code> returns at once in CONNECTING (0); <code>open</code> moves it to
            OPEN (1), <code>close()</code> or a close frame to CLOSING (2), and the <code>close</code> event to CLOSED
            (3).
          </li>
          <li>
            A string is sent as a text frame, a Blob or an ArrayBuffer as a binary frame.
            <code>binaryType</code> chooses whether binary messages arrive as a Blob (the default) or an ArrayBuffer.
          </li>
          <li>
            <code>send</code> never waits: <code>bufferedAmount</code> counts the bytes still inside the browser, and a
            browser whose buffer is full closes the connection. Before open, <code>send</code> throws InvalidStateError.
          </li>
          <li>
            Always handle <code>close</code>: <code>error</code> says nothing, and without handlers a failure is silent.
          </li>
          <li>
            A page cannot ping, and Chromium sends no pings of its own. Only an application heartbeat with a timeout
            notices a network that died in silence.
          </li>
          <li>
            Reconnect with exponential backoff, full jitter and a cap, and reset the count only after a stable
            connection.
          </li>
          <li>
            The URL may be <code>ws:</code>, <code>wss:</code>, <code>http:</code>, <code>https:</code> or relative;
            <code>http</code> becomes <code>ws</code>. Another scheme or a <code>#fragment</code> throws a SyntaxError.
          </li>
          <li>
            Serve your page over HTTP: a <code>file://</code> page sends <code>Origin: null</code>, which allowlists
            refuse.
          </li>
        </ul>
      </wsp-key-points>

      <h2>Check yourself</h2>
      <wsp-self-check
        question="A page calls ws.send('hi') on the line right after new WebSocket(url). What happens?"
        .options=${EARLY_QUESTION}
      ></wsp-self-check>
      <wsp-self-check
        question="A laptop with an open WebSocket loses its Wi-Fi without warning. What does the page’s WebSocket report?"
        .options=${SILENCE_QUESTION}
      ></wsp-self-check>
      <wsp-self-check
        question="Why does a reconnect wait a random time up to the backoff bound, rather than exactly the bound?"
        .options=${JITTER_QUESTION}
      ></wsp-self-check>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-client': WspLessonClient;
  }
}
