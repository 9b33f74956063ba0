/**
 * One instance of the scale check, forked by scale-server.ts: a playground
 * server on a Redis Cluster. It counts its log lines instead of printing
 * them (a deployment's log goes to a file or a collector; the check measures
 * the server, not the terminal), and answers each sample request with its
 * CPU time, memory and open connections.
 */
import { readFileSync } from 'node:fs';
import type { LogFields } from '../../server/log.ts';
import { startPlaygroundServer } from '../../server/playground-server.ts';
import { exposeGc } from './memory.ts';
import type { ScaleSample, ScaleSampleRequest, ScaleServerMessage, ScaleServerOptions } from './scale-server.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ScaleServerOptions;
const events = new Map<string, number>();
let open = 0;

function count(event: string, fields: LogFields = {}): void {
  if (event === 'connect') open++;
  else if (event === 'disconnect') open--;
  const key = event === 'refused' ? `refused ${String(fields.status)}: ${String(fields.reason)}` : event;
  events.set(key, (events.get(key) ?? 0) + 1);
}

const server = await startPlaygroundServer({
  port: 0,
  logger: count,
  limits: options.limits,
  redisClusterNodes: options.clusterNodes,
  redisHeartbeatMs: options.heartbeatMs,
});
const gc = exposeGc();

/** Seconds the main thread waited for a core since it started (Linux: /proc/self/schedstat), or null. */
function waitedSeconds(): number | null {
  try {
    return Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return null;
  }
}

async function sample(request: ScaleSampleRequest): Promise<ScaleSample> {
  if (request.gc) {
    // A moment between collections for finalizers; none after the last, so the traffic that goes on
    // meanwhile is not counted.
    for (let i = 0; i < 2; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    gc();
  }
  const usage = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    waitedSeconds: waitedSeconds(),
    heapUsed: usage.heapUsed,
    external: usage.external,
    rss: usage.rss,
    open,
    events: Object.fromEntries(events),
  };
}

const send = (message: ScaleServerMessage): void => void process.send!(message);
process.on('message', (message: ScaleSampleRequest) => {
  void sample(message).then((result) => send({ type: 'sample', id: message.id, sample: result }));
});
// The bench is done with this instance (or gone): leave with it.
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
send({ type: 'ready', port: server.port });
