/**
 * The browser's WebSocket API, as a page uses it. Each function takes the
 * WebSocket class as its last argument, the browser's own unless the caller
 * passes another of the same shape (this playground passes its simulated one).
 */

/** Where your page shows what happened; here, the demo's log. */
export type Report = (line: string) => void;

/** What `event.data` is: a string for text; a Blob or an ArrayBuffer for binary. */
export function describeData(data: unknown): string {
  if (typeof data === 'string') return `a string, "${data}"`;
  if (data instanceof Blob) {
    // A Blob's bytes need an async read: await data.arrayBuffer() or data.text().
    return `a Blob of ${data.size} bytes`;
  }
  if (data instanceof ArrayBuffer) {
    const bytes = [...new Uint8Array(data)].map((byte) => byte.toString(16).padStart(2, '0'));
    return `an ArrayBuffer of ${data.byteLength} bytes: ${bytes.join(' ')}`;
  }
  return String(data);
}

/** Opens a connection and reports each of the four events a WebSocket fires. */
export function openSocket(url: string, protocols: string[], report: Report, WebSocket = globalThis.WebSocket) {
  // The handshake starts at once; readyState is CONNECTING (0) until 'open'.
  const socket = new WebSocket(url, protocols);
  // Binary messages arrive as ArrayBuffers; the default, 'blob', suits files.
  socket.binaryType = 'arraybuffer';

  socket.addEventListener('open', () => {
    // OPEN (1): the server picked at most one of `protocols`, and extensions.
    report(`open: protocol "${socket.protocol}", extensions "${socket.extensions}"`);
  });
  socket.addEventListener('message', (event) => {
    report(`message: event.data is ${describeData(event.data)}`);
  });
  socket.addEventListener('error', () => {
    // It says nothing more; the close event that always follows has the code.
    report('error: something failed (the browser gives no details)');
  });
  socket.addEventListener('close', (event) => {
    // CLOSED (3). wasClean is true only if close frames went both ways.
    report(`close: code ${event.code}, reason "${event.reason}", wasClean ${event.wasClean}`);
  });
  return socket;
}

/** The three kinds of data `send` takes, and the frame each one becomes (RFC 6455 §5.6). */
export function sendSample(socket: WebSocket, kind: 'string' | 'blob' | 'arraybuffer'): void {
  if (kind === 'string') {
    // A text frame (opcode 1): the string encoded as UTF-8.
    socket.send('Hello, WebSocket!');
  } else if (kind === 'blob') {
    // A binary frame (opcode 2) with the Blob's bytes; the browser reads them first.
    socket.send(new Blob(['Hi Blob']));
  } else {
    // A binary frame (opcode 2) too; a typed array such as Uint8Array works alike.
    socket.send(new Uint8Array([0x00, 0x01, 0x7f, 0x80, 0xff]).buffer);
  }
}
