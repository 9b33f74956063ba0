/**
 * The Node script the CORS lesson offers: a WebSocket client that claims any
 * Origin it likes (RFC 6455 §10.2: only a browser is bound to send the page's
 * real one). Pure text, so a Node test can run exactly what the page shows.
 */

/** An origin as the demo accepts it: `null`, or scheme://host[:port] with nothing that needs quoting in a shell. */
const ORIGIN_TEXT = /^(?:null|https?:\/\/[a-z0-9.-]+(?::\d{1,5})?)$/i;

/** A URL with nothing a shell or a single-quoted string would treat specially. */
const PLAIN_URL = /^wss?:\/\/[A-Za-z0-9._~:/?#[\]@&()*+,;=%-]+$/;

export function isOriginText(text: string): boolean {
  return ORIGIN_TEXT.test(text);
}

export function isPlainUrl(text: string): boolean {
  return PLAIN_URL.test(text);
}

/**
 * The script's JavaScript: open `url` claiming `origin`, send one message,
 * print the echo or the refusal. The arguments must pass `isPlainUrl` and
 * `isOriginText`, so they can sit inside single quotes in a shell command.
 */
export function forgedClientScript(url: string, origin: string): string {
  return [
    `const WebSocket = require('ws');`,
    `const ws = new WebSocket('${url}', { origin: '${origin}' });`,
    `ws.on('open', () => ws.send('hello from a script'));`,
    `ws.on('message', (data) => { console.log('accepted, echo:', String(data)); ws.close(); });`,
    `ws.on('unexpected-response', (_req, res) => { console.log('refused:', res.statusCode); process.exit(); });`,
    `ws.on('error', (error) => console.log('error:', error.message));`,
  ].join(' ');
}

/** The same script as one shell command (bash, zsh), run in the project folder where ws is installed. */
export function forgedClientCommand(url: string, origin: string): string {
  return `node -e "${forgedClientScript(url, origin)}"`;
}
