import { request } from 'node:http';

/** GET /healthz's `connections`: the WebSocket connections the playground server holds. */
export function healthConnections(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const get = request({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve((JSON.parse(body) as { connections: number }).connections));
    });
    get.once('error', reject);
    get.end();
  });
}
