/**
 * A server for the capacity bench, forked by capacity-server.ts: the
 * playground server (counting its connections from its own log lines) or
 * the bare ws server. It answers each request with its memory after a full
 * GC, its CPU time so far, or its open connections.
 */
import { DEFAULT_LIMITS } from '../../server/limits.ts';
import { startPlaygroundServer } from '../../server/playground-server.ts';
import { startBareServer } from './bare-server.ts';
import type { CapacityRequest, CapacityServerMessage, CapacityServerOptions, CpuReading } from './capacity-server.ts';
import { exposeGc, memoryAfterGc } from './memory.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as CapacityServerOptions;
const gc = exposeGc();
let open = 0;

async function start(): Promise<{ port: number; open(): number; close(): Promise<void> }> {
  if (options.kind === 'bare ws') {
    const bare = await startBareServer(options.limits.maxMessageBytes ?? DEFAULT_LIMITS.maxMessageBytes);
    return { port: Number(new URL(bare.wsUrl).port), open: () => bare.connections(), close: () => bare.close() };
  }
  const server = await startPlaygroundServer({
    port: 0,
    // The log is the playground's only word on connections opening and closing.
    logger: (event) => {
      if (event === 'connect') open++;
      else if (event === 'disconnect') open--;
    },
    limits: options.limits,
    redisUrl: options.redisUrl,
    // The bench's own load can hold this process off a core past the 1 s default; a stall the bench
    // causes would make the instance count Redis as lost and serve its members alone mid-measurement.
    redisCommandTimeoutMs: 10_000,
  });
  return { port: server.port, open: () => open, close: () => server.close() };
}

const server = await start();

function cpu(): CpuReading {
  const usage = process.cpuUsage();
  return { cpuMicros: usage.user + usage.system, atMs: performance.now() };
}

async function answer(request: CapacityRequest): Promise<Extract<CapacityServerMessage, { type: 'reply' }>['value']> {
  switch (request.type) {
    case 'memory':
      return memoryAfterGc(gc);
    case 'cpu':
      return cpu();
    case 'open':
      return server.open();
  }
}

process.on('message', (message: { id: number } & CapacityRequest) => {
  void answer(message).then((value) => process.send!({ type: 'reply', id: message.id, value }));
});
// The bench is done with this server (or gone): leave with it.
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
process.send!({ type: 'ready', port: server.port } satisfies CapacityServerMessage);
