/**
 * Three mistakes that pass every quick test on a developer's machine and
 * then fail for real users, with their fixes.
 */

/**
 * Mistake: sending straight after `new WebSocket`.
 * The handshake has not finished yet, so `send` throws.
 */
export function sendTooEarly(url: string, WebSocket = globalThis.WebSocket) {
  const socket = new WebSocket(url);
  try {
    socket.send('hello');
    return { socket, outcome: 'sent' };
  } catch (error) {
    // A DOMException: its name and message are all the page learns.
    const { name, message } = error as DOMException;
    return { socket, outcome: `${name}: ${message}` };
  }
}

/** The fix: send once the connection is open. */
export function sendWhenOpen(socket: WebSocket, data: string): void {
  if (socket.readyState === WebSocket.OPEN) {
    socket.send(data);
  } else {
    socket.addEventListener('open', () => socket.send(data), { once: true });
  }
}

/** Mistake: only the happy path. When the connection fails or dies, nothing here runs. */
export function connectHopefully(url: string, show: (status: string) => void, WebSocket = globalThis.WebSocket) {
  const socket = new WebSocket(url);
  show('connecting…');
  socket.addEventListener('open', () => show('connected'));
  return socket;
}

/** The fix: listen for error and close as well, and tell the user. */
export function connectCarefully(url: string, show: (status: string) => void, WebSocket = globalThis.WebSocket) {
  const socket = new WebSocket(url);
  let opened = false;
  show('connecting…');
  socket.addEventListener('open', () => {
    opened = true;
    show('connected');
  });
  socket.addEventListener('error', () => {
    // No details here, on purpose: the browser keeps them in its console.
    show(opened ? 'error: the connection failed' : 'error: could not connect');
  });
  socket.addEventListener('close', (event) => {
    // 1006: no close frame came; the network or the server dropped the connection.
    const how = event.wasClean ? 'closed' : 'lost';
    const next = opened ? 'try to reconnect' : 'the server refused or is down';
    show(`${how} (close code ${event.code}): ${next}`);
  });
  return socket;
}
