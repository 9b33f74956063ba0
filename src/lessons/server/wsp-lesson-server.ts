import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { lessonStyles } from '../../components/styles/lesson-styles.ts';
import { LessonPage } from '../../components/lesson-page.ts';
import { HEARTBEAT_DEMO_EVERY_MS } from './heartbeat-demo-rate.ts';
import type { SelfCheckOption } from '../../components/wsp-self-check.ts';
import { RUN_COMMANDS, SERVER_SOURCES, type ServerSourceName } from './sources.ts';
import '../../components/wsp-code-block.ts';
import '../../components/wsp-key-points.ts';
import '../../components/wsp-on-approach.ts';
import '../../components/wsp-self-check.ts';

/** The lesson's demos, loaded together when the reader first nears one. */
const loadDemos = (): Promise<unknown> => import('./wsp-server-demos.ts');

const NO_SERVER_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'So that it can look at each upgrade request, and refuse it, before ws takes the socket over.',
    correct: true,
    explanation:
      'With noServer, ws listens to nothing. The HTTP server’s upgrade event hands each request to the project’s own code, which checks the Origin, the limits and the endpoint, and calls handleUpgrade only for the requests it accepts.',
  },
  {
    text: 'Because WebSocket connections cannot share a port with HTTP.',
    correct: false,
    explanation:
      'They share it all the time: a WebSocket starts as an HTTP request on the same port (§4.1). This server serves the site and the endpoints on one port.',
  },
  {
    text: 'To turn off the ping and pong that ws would otherwise send.',
    correct: false,
    explanation:
      'ws sends no pings of its own in any mode. It answers a ping with a pong, and the server decides when to ping, as startHeartbeat does.',
  },
];

const HEARTBEAT_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'Nothing, until the operating system gives up on the TCP connection, which can take hours, or never happen.',
    correct: false,
    explanation:
      'That is what happens without a heartbeat. With one, the missing pong gives the client away at the next round.',
  },
  {
    text: 'The server sends it a close frame with 1001 and waits for the answer.',
    correct: false,
    explanation:
      'An answer would never come from a machine that is gone. The server calls terminate(), which destroys the socket at once, without a closing handshake.',
  },
  {
    text: 'Within one or two heartbeat intervals the server finds no pong and calls terminate().',
    correct: true,
    explanation:
      'Each round pings every client and marks it as unanswered; a client still unanswered at the next round is terminated, its place in rooms freed.',
  },
];

const FILE_QUESTION: readonly SelfCheckOption[] = [
  {
    text: 'It connects: Origin checks are only for pages on other websites.',
    correct: false,
    explanation:
      'A page opened from disk has no website at all. Its origin is opaque, and the browser sends Origin: null, which this server refuses because countless unrelated pages share it.',
  },
  {
    text: 'The handshake is refused with 403, and the page sees an error event and close code 1006.',
    correct: true,
    explanation:
      'The browser sends Origin: null; the allowlist refuses it. Browsers hide the 403 from the page, so the developer tools and the server’s log are where to read why. Serve the page over HTTP instead.',
  },
  {
    text: 'The browser refuses to send a WebSocket request from a file:// page.',
    correct: false,
    explanation: 'It does send it, with Origin: null. The refusal comes from the server.',
  },
];

/** A piece of the project's own source, with its file and its real line numbers. */
function source(name: ServerSourceName) {
  const { code, firstLine, file } = SERVER_SOURCES[name];
  return html`<wsp-code-block
    data-source=${name}
    .code=${code}
    first-line=${firstLine}
    label=${file}
  ></wsp-code-block>`;
}

/**
 * Lesson: the project's own Node server, read from its source, and what a production server adds.
 *
 * @fires wsp-lesson-sections - once rendered: its sections, for the site's "on this page" links
 */
@customElement('wsp-lesson-server')
export class WspLessonServer extends LessonPage {
  static override styles = [
    lessonStyles,
    css`
      /* The demos each wait in a wsp-on-approach, which takes their place in the article. */
      article > wsp-code-block,
      article > wsp-on-approach {
        margin: 1rem 0;
        /* Whole excerpts: a scrollbar inside a short block hides the lines the prose is about. */
        --wsp-code-height: none;
      }
      /* Two clients side by side: the chat demo may use the full width, as the use cases' demos do. */
      article > :has(> wsp-server-chat-demo) {
        max-width: none;
      }
      dl {
        margin: 1rem 0;
      }
      dt {
        margin-top: 0.75rem;
      }
      dt code {
        display: block;
        padding: 0.4rem 0.6rem;
        overflow-wrap: anywhere;
      }
      dd {
        margin: 0.25rem 0 0 0.75rem;
      }
      ul li,
      ol li {
        margin: 0.3rem 0;
      }
      h3 {
        font-size: 1.05rem;
        margin: 1.5rem 0 0.25rem;
      }
    `,
  ];

  protected override render() {
    return html`<article>
      <h1>A Node server</h1>
      <p class="lead">
        Live mode talks to a small Node program built on the <code>ws</code> library. This page shows its real source,
        read from the project's files when the site was built, part by part: the HTTP server, the upgrade and its Origin
        check, echo, broadcast to a room, the heartbeat and a clean shutdown. Two demos make that code act while you
        watch.
      </p>

      <h2>Run it</h2>
      <p>
        You need Node 20.19 or newer and a copy of this project. Type these in a terminal, in the project's folder (the
        README says more about each):
      </p>
      <dl id="commands" aria-label="Commands to run in the project's folder">
        ${RUN_COMMANDS.map(
          ({ command, does }) =>
            html`<dt><code>${command}</code></dt>
              <dd>${does}</dd>`,
        )}
      </dl>
      <p>
        <code>npm install</code> fills <code>node_modules</code> with the packages that <code>package.json</code> lists;
        it does not create a project (<code>npm init</code> does that). Node 20 cannot run TypeScript by itself, so the
        scripts start Node with <code>--import tsx</code>, which lets tsx compile each TypeScript file as Node loads it.
        <code>npx tsx server/main.ts</code> works too, and <code>tsc</code> can compile to JavaScript beforehand. The
        <code>NAME=value command</code> form sets a variable for one command in a POSIX shell (Linux, macOS, Git Bash,
        WSL); the README lists every variable the server reads.
      </p>
      <p>
        Then open the address the server prints, <code>http://localhost:8080</code>. Open pages over HTTP, never as a
        file from your disk: a page loaded from <code>file://</code> has no real origin, so its handshake carries
        <code>Origin: null</code>. This server refuses that value with 403, because every page opened from disk (and
        every sandboxed frame) shares it, and the page sees only an <code>error</code> event and close code 1006. By
        default the server allows its own origin and Vite's two ports on localhost (5173 and 4173); a page served from
        anywhere else must be named in <code>ALLOWED_ORIGINS</code>.
      </p>

      <h2>One HTTP server, with ws beside it</h2>
      <p>
        Everything starts with Node's own <code>http.createServer</code>. Its request handler answers plain HTTP: the
        built site from <code>dist/</code>, <code>GET /healthz</code>, the polling feed of the first lesson, and
        <code>426 Upgrade Required</code> for a plain GET on a WebSocket path. The two timeouts stop a client that sends
        half a request from holding a socket for long (Node's defaults allow a minute or more).
      </p>
      ${source('httpServer')}
      <p>
        The ws library's <code>WebSocketServer</code> is made with <code>noServer: true</code>: it opens no port and
        watches no server. Given <code>{ port }</code> or <code>{ server }</code>, ws would accept every upgrade request
        by itself; this project wants to look at each one first. <code>maxPayload</code> is the largest message ws will
        take (64 KiB here; ws's default is 100 MiB): a bigger one closes the connection with 1009, Message Too Big
        (§7.4.1). <code>handleProtocols</code> lets the server pick the subprotocol it answers with (§4.2.2).
      </p>
      ${source('webSocketServer')}
      <p>
        A request that asks for <code>Upgrade: websocket</code> never reaches the request handler. Node emits
        <code>'upgrade'</code> instead, with the request, the raw TCP socket and <code>head</code>, any bytes that
        arrived after the request's headers. From that moment the socket is the program's to answer.
      </p>
      ${source('upgradeWiring')}

      <h2>The upgrade and its Origin check</h2>
      <p>
        Every handshake goes through this function. It counts the connection (past <code>MAX_CONNECTIONS</code> in all,
        or <code>MAX_CONNECTIONS_PER_ADDRESS</code> from one address, the answer is 503), sends <code>/inspect</code>,
        the side channel that brings you the server's view in Live mode, its own way, asks the gatekeeper, and then
        accepts or refuses. The lines about <code>trace</code> exist so that this site can show you the bytes; a server
        of your own would not need them.
      </p>
      ${source('upgradeHandler')}
      <p>
        The decision lives in <code>src/service</code>, so the simulated server in this page makes exactly the same one.
        Origin comes first. A browser always sends the origin of the page that opened the WebSocket, and no script can
        change it, so an allowlist keeps pages on other origins from opening connections in the reader's name
        (cross-site WebSocket hijacking, §10.2). SameSite cookies do part of that job, not all: a page on another port
        or subdomain is the same site and gets the reader's cookies, and so does any page where a cookie is
        <code>SameSite=None</code> and the browser still sends third-party cookies (RFC 6265bis §5.2, §5.8.3; the CORS
        lesson shows it). Origin is not authentication: curl or a Node script sends whatever Origin it likes. Then come
        the rules of §4.2.1 (a GET over HTTP/1.1 with Upgrade, Connection, a key of 16 bytes and version 13) and last
        the endpoint's own admission: 404 for an unknown path, 400 for a bad query, 503 for a full room.
      </p>
      ${source('decideHandshake')}
      <p>
        ws has a hook for the same job, the <code>verifyClient</code> option, which it calls before answering. Its
        documentation discourages it in favour of the pattern used here: <code>noServer</code>, your own checks in the
        <code>'upgrade'</code> handler, then <code>handleUpgrade</code> for the requests you accept. The checks are
        plain code that can take its time (this one is async), and a refusal is whatever HTTP answer you write: here the
        status, <code>Connection: close</code> and the reason in the body, after which the socket is destroyed.
      </p>
      <p>
        <code>wss.handleUpgrade(request, socket, head, callback)</code> checks the request again, writes
        <code>101 Switching Protocols</code> with the <code>Sec-WebSocket-Accept</code> computed from the key (§4.2.2)
        and calls back with a connected <code>WebSocket</code>. In noServer mode ws announces nothing, so the code emits
        <code>'connection'</code> itself (the heartbeat listens for it), then starts the endpoint's session on the
        socket.
      </p>
      ${source('acceptHandshake')}

      <h2>Echo: the behaviour apart from the wire</h2>
      <p>
        This is the whole of <code>/echo</code>. It knows nothing of ws or Node: it is given a <code>Peer</code> (send,
        ping, close, drop) and returns a <code>Session</code> (what to do with a message, a pong, the end).
      </p>
      ${source('echoSession')}
      <p>
        The Node side is a thin binding. For each <code>'message'</code> from ws it calls the session with text as a
        string and binary as bytes, and each <code>peer.send</code> becomes a <code>socket.send</code> of the same kind,
        so text stays text. It also enforces <code>MAX_MESSAGES_PER_SECOND</code>: a connection that sends more is
        closed with 1008, Policy Violation (§7.4.1).
      </p>
      ${source('bindSession')}
      <p>
        The split is deliberate. <code>src/service</code> holds what each endpoint does and uses neither the DOM nor
        Node; <code>server/</code> binds it to ws, and <code>src/transport/simulated.ts</code> binds the same code to
        the simulated wire inside this page. So Simulated mode is no imitation: it runs the server's own endpoint code,
        and tests run one scenario on both wires and compare the traces. The endpoints can be tested without sockets or
        real time (the clock is passed in), and the Node part stays small enough to read in one sitting.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-echo-demo></wsp-echo-demo></wsp-on-approach>

      <h2>Broadcast to a room</h2>
      <p>
        A <code>/chat</code> client sends <code>{"type":"say","text":"…"}</code>. The handler checks the text, keeps the
        line in the room's history for newcomers, and broadcasts it to every member, the sender included: that is how
        the sender's page learns the line went through, and in which order.
      </p>
      ${source('chatMessage')}
      <p>
        A room is a map from each member's name to a function that delivers to that member. Broadcast loops over a copy
        of it, since a delivery can make someone leave in the middle of the loop; with <code>others: true</code> it
        skips the sender, as the "joined" and "left" notices do. Its last line, <code>publish</code>, hands the message
        to the other instances of the server when there are any (see "Several instances" below); alone, it does nothing.
        ws itself has no rooms: <code>wss.clients</code> is every connection of the server, and who belongs together is
        the application's bookkeeping.
      </p>
      ${source('hubBroadcast')}
      <p>
        Try it with two clients on this page, Ann and Bob, each with its own WebSocket. Connect both, then send from
        either: each log shows what that page received. Each gets a <code>welcome</code> (the members and the recent
        lines), the first one in hears <code>joined</code> when the other arrives, and both get every line said in the
        room, their own included. Disconnect one and the other hears <code>left</code>.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-server-chat-demo></wsp-server-chat-demo></wsp-on-approach>

      <h2>Heartbeat: ping, pong, terminate</h2>
      <p>
        TCP gives no sign when the other end vanishes without a goodbye: a laptop lid closed, a phone out of range, a
        router that forgot the connection. No packet arrives, and the server would keep the socket, and its place in
        every room, for a very long time. So every <code>HEARTBEAT_MS</code> (30 seconds by default) the server pings
        each client (§5.5.2). The browser answers every ping with a pong by itself (§5.5.3); page scripts can neither
        send a ping nor see one. A client that has not answered since the last round gets <code>terminate()</code>: ws
        destroys the socket at once, with no closing handshake, since a close frame to a machine that is gone would
        never be answered. A vanished client is found within one or two intervals, and the regular traffic also keeps
        proxies and routers from dropping a connection that looks idle.
      </p>
      ${source('heartbeat')}
      <p>
        The <code>/ping</code> endpoint does the same on a faster clock, so you can watch. It numbers each ping in its
        payload; when the pong with that number comes back, it sends the page a JSON message with the round trip.
      </p>
      ${source('pingSession')}
      <p>
        The demo connects to <code>/ping?every=${HEARTBEAT_DEMO_EVERY_MS}</code>. The table pairs each ping with its
        pong, read from the trace. A ping numbered 1 is the three bytes <code>89 01 31</code>: FIN and opcode 9, no
        mask, a length of 1, then the digit "1". The pong carries the same payload back, but starts <code>8a 81</code>:
        opcode 10 with the mask bit set, followed by a four-byte masking key and the masked digit, because every frame
        from a client is masked (§5.3). The log shows what the page's own code saw: none of the pings or pongs, only the
        endpoint's JSON reports. In Live mode, a ping with an empty payload is the server's own 30-second heartbeat.
      </p>
      <wsp-on-approach .load=${loadDemos}><wsp-server-heartbeat-demo></wsp-server-heartbeat-demo></wsp-on-approach>

      <h2>Graceful shutdown</h2>
      <p>
        Process managers stop a server with SIGTERM (systemd, Docker and Kubernetes do), and Ctrl-C in a terminal sends
        SIGINT. Both lead to <code>server.close()</code>; the <code>stopping</code> flag makes a second signal harmless.
      </p>
      ${source('runServer')}
      <p>
        <code>close()</code> stops the heartbeat and sends every client a close frame with 1001, Going Away (§7.4.1),
        while the HTTP server stops taking new connections. Each client answers with its own close frame, which
        completes the closing handshake (§5.5.1), and the browser reports code 1001 to the page, which can reconnect
        later or to another instance. Whoever has not finished after a second is cut off, and the process exits with 0.
        A test in <code>test/server/shutdown.test.ts</code> starts the server as <code>npm run server</code> does, sends
        each signal, and checks that every client sees 1001.
      </p>
      ${source('shutdown')}

      <h2>What a production server adds</h2>
      <p>
        Any number a stranger can push up needs a ceiling. This server has one for each, set by an environment variable
        (<code>MAX_MESSAGE_BYTES</code>, <code>MAX_MESSAGES_PER_SECOND</code>, <code>MAX_CONNECTIONS</code>,
        <code>MAX_CONNECTIONS_PER_ADDRESS</code>, <code>MAX_ROOM_MEMBERS</code>, <code>MAX_SEND_BUFFER_BYTES</code>,
        <code>HEARTBEAT_MS</code> and two for the trace); past one, a handshake gets 503, or an open connection is
        closed with 1009 or 1008 and a reason.
      </p>
      ${source('limits')}
      <h3>Backpressure</h3>
      <p>
        <code>socket.send()</code> never waits: what the network cannot take yet is kept in memory, and
        <code>socket.bufferedAmount</code> says how much. A broadcast to a reader whose connection has stalled would let
        that grow without bound, so past <code>MAX_SEND_BUFFER_BYTES</code> (1 MiB) the server closes the slow reader
        with 1008 instead of buffering for it. The browser's WebSocket has the same counter,
        <code>bufferedAmount</code>, for what the page has sent that has not left yet.
      </p>
      ${source('backpressure')}
      <h3>TLS behind a proxy</h3>
      <p>
        In production a reverse proxy (nginx, Caddy, a cloud load balancer) holds the certificate and terminates TLS,
        and pages connect with <code>wss://</code>; a page served over https has to, since browsers refuse
        <code>ws://</code> from it as mixed content. The proxy must pass the upgrade on (nginx, for one, needs
        <code>proxy_http_version 1.1</code> and the Upgrade and Connection headers set) and allow a connection to stay
        quiet for longer than the heartbeat interval. Behind it, every connection comes from the proxy's address; the
        reader's own is in the <code>X-Forwarded-For</code> header the proxy adds, to be trusted only from your proxy.
        This server reads that header only from the addresses listed in <code>TRUSTED_PROXIES</code>, and then counts
        each reader by the last address the proxy appended; without it, the per-address limit would treat every reader
        behind the proxy as one.
      </p>
      <h3>Several instances</h3>
      <p>
        One process keeps its rooms in its own memory. With two instances behind a load balancer, Ann and Bob may land
        on different ones and never hear each other: the broadcast then has to pass through something every instance
        shares, such as a publish/subscribe channel in Redis or NATS. This server does exactly that when it is started
        with <code>REDIS_URL</code>: every instance publishes what its members say and delivers what the others publish,
        and keeps who is here, the last messages and the shared documents in Redis for newcomers. The project's
        <code>docs/deployment.md</code> shows several instances behind nginx. Deploys replace instances one at a time,
        so every client should expect a 1001 now and then and reconnect, with a growing, randomised delay (see
        <a href="#/client">the browser client</a>).
      </p>

      <wsp-key-points>
        <ul>
          <li>
            One Node HTTP server serves the site and hands every upgrade request to the program; ws, created with
            <code>noServer: true</code>, completes only the handshakes the program accepts, with
            <code>handleUpgrade</code>.
          </li>
          <li>
            Check Origin before accepting: it stops other sites' pages, not other programs. A page opened from
            <code>file://</code> sends <code>Origin: null</code> and is refused; serve pages over HTTP.
          </li>
          <li>
            Endpoints are written once against a small Peer interface and run in both modes; <code>server/</code> only
            binds them to ws.
          </li>
          <li>ws has no rooms: a broadcast is a loop over the members you keep track of.</li>
          <li>
            Ping every client on a timer and <code>terminate()</code> the ones that stopped answering; on SIGTERM close
            everyone with 1001, then exit.
          </li>
          <li>
            In production: limits on size, rate and connections, a cap on each client's send buffer, TLS at a proxy, and
            a shared channel when there is more than one instance.
          </li>
        </ul>
      </wsp-key-points>

      <h2>Check yourself</h2>
      <wsp-self-check
        question="Why does this server create its WebSocketServer with noServer: true?"
        .options=${NO_SERVER_QUESTION}
      ></wsp-self-check>
      <wsp-self-check
        question="A reader's laptop goes to sleep with the page open. What does the server's heartbeat do about that connection?"
        .options=${HEARTBEAT_QUESTION}
      ></wsp-self-check>
      <wsp-self-check
        question="A page opened from your disk (file://) calls new WebSocket('ws://localhost:8080/echo'). What happens with this server's default settings?"
        .options=${FILE_QUESTION}
      ></wsp-self-check>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'wsp-lesson-server': WspLessonServer;
  }
}
