/**
 * The reference for the live-server bench: the least a `ws` server needs for
 * the same jobs. `/echo` sends every message back as it came; `/chat?room=R`
 * reads a `{"type":"say","text":…}`, and sends one `{"type":"message",…}` to
 * every member of R, the sender included. No origin check, no limits, no
 * presence, no history: what the playground adds is what the bench prices.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface BareServer {
  readonly wsUrl: string;
  /** Open WebSocket connections. */
  connections(): number;
  close(): Promise<void>;
}

/** Starts on 127.0.0.1 and a free port, with the playground's message size limit. */
export async function startBareServer(maxPayload: number): Promise<BareServer> {
  const server = createServer((_request, response) => response.writeHead(404).end());
  const wss = new WebSocketServer({ server, maxPayload });
  const rooms = new Map<string, Set<WebSocket>>();

  wss.on('connection', (socket, request) => {
    socket.on('error', () => {});
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/chat') {
      const name = url.searchParams.get('room') ?? '';
      const room = rooms.get(name) ?? new Set<WebSocket>();
      rooms.set(name, room);
      room.add(socket);
      socket.on('message', (data) => {
        let said: { type?: unknown; text?: unknown };
        try {
          said = JSON.parse(data.toString()) as typeof said;
        } catch {
          return;
        }
        if (said.type !== 'say' || typeof said.text !== 'string') return;
        const message = JSON.stringify({ type: 'message', text: said.text, at: Date.now() });
        for (const member of room) member.send(message);
      });
      socket.on('close', () => {
        room.delete(socket);
        if (room.size === 0) rooms.delete(name);
      });
      return;
    }
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}`,
    connections: () => wss.clients.size,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
