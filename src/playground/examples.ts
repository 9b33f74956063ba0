/**
 * The playground's examples: code to start from. The client code sees the
 * globals the contract gives it (`WebSocket`, `SERVER`, `log`; the server code
 * also `serve`), runs in an async function (so `await` works at the top) and
 * ends by itself, every socket closed, within a few seconds. Every log line
 * starts with words a test can look for ("echo: hello").
 */
export interface PlaygroundExample {
  readonly id: string;
  readonly title: string;
  /** One line. */
  readonly summary: string;
  readonly client: string;
  /** '' when the example needs no server of its own. */
  readonly server: string;
}

const echo: PlaygroundExample = {
  id: 'echo',
  title: 'Echo',
  summary: 'Open a connection, send a message, read it back, close.',
  client: `// Echo: the server sends every message back unchanged.
const ws = new WebSocket(\`\${SERVER}/echo\`);

// send() works once the opening handshake (RFC 6455 §4) is done.
ws.addEventListener('open', () => {
  log('open');
  ws.send('hello');
});

ws.addEventListener('message', (event) => {
  log(\`echo: \${event.data}\`);
  // Done: start the closing handshake with 1000, "normal closure".
  ws.close(1000, 'done');
});

// The browser never says why a connection failed: a close event with
// code 1006 follows.
ws.addEventListener('error', () => log('error: the connection failed'));

ws.addEventListener('close', (event) => {
  log(\`closed: \${event.code} "\${event.reason}", wasClean \${event.wasClean}\`);
});
`,
  server: '',
};

const chat: PlaygroundExample = {
  id: 'chat',
  title: 'A chat between two clients',
  summary: 'Two connections join one /chat room; each says something and hears both lines.',
  client: `// Two clients in one /chat room. The server speaks JSON messages.
const room = \`room-\${Math.random().toString(36).slice(2, 8)}\`; // ours alone
const join = (name) =>
  new WebSocket(\`\${SERVER}/chat?room=\${room}&name=\${name}\`);
const opened = (ws) =>
  new Promise((resolve) => ws.addEventListener('open', resolve));

// Logs what a client gets; resolves once it has heard both chat lines.
function listen(ws, who) {
  return new Promise((resolve) => {
    let lines = 0;
    ws.addEventListener('message', (event) => {
      const { type, you, from, text } = JSON.parse(event.data);
      if (type === 'welcome') log(\`\${who} got: welcome, you are \${you}\`);
      if (type !== 'message') return; // the others: joined, left
      log(\`\${who} got: \${from} says "\${text}"\`);
      if (++lines === 2) resolve();
    });
  });
}

const ann = join('ann');
const bob = join('bob');
const heard = Promise.all([listen(ann, 'ann'), listen(bob, 'bob')]);
await Promise.all([opened(ann), opened(bob)]); // both are in the room
ann.send(JSON.stringify({ type: 'say', text: 'hi bob' }));
bob.send(JSON.stringify({ type: 'say', text: 'hi ann' }));
await heard; // the room sends each line to all its members, sender too
ann.close(1000, 'bye'); // leaving the room is closing the connection
bob.close(1000, 'bye');
`,
  server: '',
};

const binary: PlaygroundExample = {
  id: 'binary',
  title: 'Binary data',
  summary: 'Send bytes as a Uint8Array and an ArrayBuffer; read them back as ArrayBuffers.',
  client: `// Binary data: bytes out, the same bytes back (opcode 0x2, RFC 6455 §5.2).
const ws = new WebSocket(\`\${SERVER}/echo\`);
// Binary messages arrive as Blobs unless asked otherwise; an ArrayBuffer
// can be read at once.
ws.binaryType = 'arraybuffer';
const hex = (bytes) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

ws.addEventListener('open', () => {
  // Bytes no text could carry as they are: send() takes a typed array...
  const bytes = Uint8Array.of(0x00, 0x7f, 0x80, 0xff);
  log(\`sent: \${hex(bytes)} (Uint8Array)\`);
  ws.send(bytes);

  // ...or an ArrayBuffer: a 32-bit number, big-endian as on the network.
  const number = new DataView(new ArrayBuffer(4));
  number.setUint32(0, 6455);
  log(\`sent: \${hex(new Uint8Array(number.buffer))} (ArrayBuffer)\`);
  ws.send(number.buffer);
});

let received = 0;
ws.addEventListener('message', ({ data }) => {
  // An ArrayBuffer has no bytes to index: read it through a view.
  const kind = data instanceof ArrayBuffer ? 'ArrayBuffer' : typeof data;
  log(\`got: \${hex(new Uint8Array(data))} (\${kind}, \${data.byteLength} bytes)\`);
  if (++received === 2) ws.close(1000, 'done');
});
ws.addEventListener('close', ({ code }) => log(\`closed: \${code}\`));
`,
  server: '',
};

const closeCodes: PlaygroundExample = {
  id: 'close-codes',
  title: 'Close codes',
  summary: 'Close from the page with 4000, let the server close with 1001, and see a drop with no close frame.',
  client: `// Closing (RFC 6455 §7): by us, by the server, and with no close frame.
const opened = (ws) =>
  new Promise((resolve) => ws.addEventListener('open', resolve));
const closed = (ws) =>
  new Promise((resolve) => ws.addEventListener('close', resolve));
const show = (who, { code, reason, wasClean }) =>
  log(\`\${who}: code \${code}, reason "\${reason}", wasClean \${wasClean}\`);

// 1. We close. A page may send only 1000 or 3000-4999 (the WHATWG
//    standard); 4000-4999 are for private use (§7.4.2).
const ours = new WebSocket(\`\${SERVER}/echo\`);
await opened(ours);
try {
  ours.close(1001); // "going away" is the browser's to send, not a script's
} catch (error) {
  log(\`close(1001): refused with \${error.name}\`);
}
ours.close(4000, 'my own reason');
show('we closed', await closed(ours));

// 2. The server closes: /close sends the code and reason we ask for.
const theirs = new WebSocket(
  \`\${SERVER}/close?code=1001&reason=restarting&after=200\`,
);
show('the server closed', await closed(theirs));

// 3. A drop with no close frame: the browser reports 1006, a code never
//    sent on the wire (§7.1.5).
const dropped = new WebSocket(\`\${SERVER}/close?abrupt=1&after=200\`);
show('dropped', await closed(dropped));
`,
  server: '',
};

const pingPong: PlaygroundExample = {
  id: 'ping-pong',
  title: 'Ping and pong',
  summary: 'The server pings; the browser answers by itself. Only the trace shows those frames.',
  client: `// Ping and pong are control frames (RFC 6455 §5.5.2, §5.5.3).
// /ping?every=500 pings every half second, and the browser answers each
// ping with a pong by itself: no event tells the page, and no API sends
// one. A page that wants a heartbeat of its own sends ordinary messages.
log('pings never reach this code: see them, and the pongs, in the trace');
const ws = new WebSocket(\`\${SERVER}/ping?every=500\`);

// This server reports each pong it got back, as a JSON message.
let pongs = 0;
ws.addEventListener('message', (event) => {
  const report = JSON.parse(event.data);
  if (report.type !== 'pong') return;
  log(\`pong \${report.seq}: back at the server after \${report.rttMs} ms\`);
  if (++pongs === 3) ws.close(1000, 'seen enough');
});
ws.addEventListener('close', ({ code }) => log(\`closed: \${code}\`));
`,
  server: '',
};

const reconnect: PlaygroundExample = {
  id: 'reconnect',
  title: 'Reconnect with backoff',
  summary: 'A server that drops you: try again after growing, random waits, and give up after a few tries.',
  client: `// This server drops each connection 300 ms after it opens (code 1006).
const url = \`\${SERVER}/close?abrupt=1&after=300\`;
const TRIES = 4;
const BASE_MS = 200;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// One connection; resolves with its close event, however it ends.
function connect(attempt) {
  const ws = new WebSocket(url);
  ws.addEventListener('open', () => log(\`attempt \${attempt}: open\`));
  return new Promise((resolve) => ws.addEventListener('close', resolve));
}

for (let attempt = 1; ; attempt++) {
  const { code } = await connect(attempt);
  log(\`attempt \${attempt}: closed with \${code}\`);
  // A drop (1006) or a server going away (1001) is worth another try.
  if (code !== 1006 && code !== 1001) break;
  if (attempt === TRIES) {
    log(\`giving up after \${TRIES} attempts\`);
    break;
  }
  // Exponential backoff with full jitter: a random wait under a bound that
  // doubles each time, so clients dropped together come back apart. (A
  // real client starts counting again once a connection has lasted.)
  const bound = BASE_MS * 2 ** (attempt - 1);
  const wait = Math.floor(Math.random() * bound);
  log(\`waiting \${wait} ms (at most \${bound}) before attempt \${attempt + 1}\`);
  await sleep(wait);
}
`,
  server: '',
};

const ownServer: PlaygroundExample = {
  id: 'own-server',
  title: 'A server of your own',
  summary: 'Write the server too: it runs in the page (Simulated mode) at /mine, and your client talks to it.',
  client: `// Talks to your server in the other editor, served at /mine.
const ws = new WebSocket(\`\${SERVER}/mine?name=ann\`);

ws.addEventListener('open', () => {
  ws.send('hello, server');
  ws.send('bye'); // our server closes when it reads this
});
ws.addEventListener('message', (event) => log(\`client got: \${event.data}\`));

// In Live mode there is no /mine: your server code runs in this page,
// never on a shared server.
ws.addEventListener('error', () => log('client: the connection failed'));
ws.addEventListener('close', ({ code, reason, wasClean }) => {
  log(\`client: closed \${code} "\${reason}", wasClean \${wasClean}\`);
});
`,
  server: `// A server of your own (Simulated mode). serve() hands it each connection
// to /mine, any query: the connection (peer: send, close, ping, drop) and
// its request (path, query, origin). It returns what to do when a message
// comes and when the connection ends.
serve((peer, request) => {
  const name = request.query.name || 'stranger';
  log(\`server: \${name} connected\`);
  peer.send(\`welcome, \${name}\`);

  return {
    message(data) {
      // Text arrives as a string, binary as a Uint8Array.
      if (data === 'bye') {
        // The server starts the closing handshake (§7.1.2).
        peer.close(1000, 'see you');
        return;
      }
      peer.send(typeof data === 'string' ? data.toUpperCase() : data);
    },
    closed(code) {
      log(\`server: \${name} left (\${code})\`);
    },
  };
});
`,
};

/** In the order the playground lists them. */
export const examples: readonly PlaygroundExample[] = [echo, chat, binary, closeCodes, pingPong, reconnect, ownServer];
