import WebSocket from 'ws';

/** Resolves with the HTTP status a refused handshake got, and its body; rejects if the handshake succeeds. */
export function refusal(url: string, origin: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin });
    socket.once('open', () => reject(new Error('the handshake was accepted')));
    socket.once('error', () => {});
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
  });
}
