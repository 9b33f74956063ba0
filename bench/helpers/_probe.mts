import { startPlaygroundServer } from '../../server/playground-server.ts';
import { silentLogger } from '../../server/log.ts';
import { startBareServer } from './bare-server.ts';
import { startClientProcess, type EchoResult } from './client-process.ts';
const project = await startPlaygroundServer({
  port: 0,
  logger: silentLogger,
  limits: { messagesPerSecond: 1e7, maxConnections: 20000, maxConnectionsPerAddress: 20000 },
});
const bare = await startBareServer(65536);
const clients = await startClientProcess();
const [size, conns, win, ms] = process.argv.slice(2).map(Number);
for (let r = 0; r < 2; r++) {
  const res = await clients.call<EchoResult>({
    type: 'echo',
    urls: [`ws://127.0.0.1:${project.port}/echo`, `${bare.wsUrl}/echo`],
    size: size!,
    connections: conns!,
    window: win!,
    slices: 12,
    rampMs: 100,
    sliceMs: ms!,
  });
  console.log(res.messagesPerSecond.map((a) => a.map(Math.round).join(' ')).join('\n'));
}
await clients.stop();
await bare.close();
await project.close();
