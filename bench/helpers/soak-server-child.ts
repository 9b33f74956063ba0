/**
 * A playground server for the soak, forked by soak-server.ts. It counts its
 * own log lines (the logger is the server's only report of refusals, closes
 * it chose and slow readers), watches its event loop's delay, and answers
 * each `sample` request with its memory, open file descriptors, loop delay
 * and those counts.
 */
import { readdirSync } from 'node:fs';
import type { LogFields } from '../../server/log.ts';
import { startPlaygroundServer } from '../../server/playground-server.ts';
import { exposeGc } from './memory.ts';
import { ProcessWatch } from './process-watch.ts';
import type { SampleRequest, ServerSample, SoakServerMessage, SoakServerOptions } from './soak-server.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as SoakServerOptions;
const events = new Map<string, number>();
let open = 0;

/** What tells one line of an event from another worth counting apart: a refusal's status and reason, a close code. */
function countKey(event: string, fields: LogFields): string {
  switch (event) {
    case 'refused':
      return `refused ${String(fields.status)}: ${String(fields.reason)}`;
    case 'disconnect':
      return `disconnect ${String(fields.code)}`;
    case 'socket-error':
      return `socket-error: ${String(fields.error)}`;
    default:
      return event;
  }
}

function count(event: string, fields: LogFields = {}): void {
  if (event === 'connect') open++;
  else if (event === 'disconnect') open--;
  const key = countKey(event, fields);
  events.set(key, (events.get(key) ?? 0) + 1);
}

const server = await startPlaygroundServer({ port: 0, logger: count, limits: options.limits });
const gc = exposeGc();
const watch = new ProcessWatch();

function openFds(): number | null {
  try {
    // The listing's own descriptor is among them.
    return readdirSync('/proc/self/fd').length - 1;
  } catch {
    return null;
  }
}

async function sample(request: SampleRequest): Promise<ServerSample> {
  const { cpu, waited } = watch.shares();
  // Read before collecting: the collections below would be the longest delays otherwise.
  const loop = watch.loopDelay();
  if (request.gc) {
    // A moment between collections for finalizers; none after the last, so what the connections allocate
    // meanwhile (they go on) is not counted.
    for (let i = 0; i < 2; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    gc();
  }
  const usage = process.memoryUsage();
  if (request.resetLoop) watch.resetLoop();
  return {
    heapUsed: usage.heapUsed,
    external: usage.external,
    rss: usage.rss,
    fds: openFds(),
    loopP99Ms: loop.p99,
    loopMaxMs: loop.max,
    cpu,
    waited,
    open,
    events: Object.fromEntries(events),
  };
}

const send = (message: SoakServerMessage): void => void process.send!(message);
process.on('message', (message: { id: number } & SampleRequest) => {
  void sample(message).then((result) => send({ type: 'sample', id: message.id, sample: result }));
});
// The bench is done with this server (or gone): leave with it.
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
send({ type: 'ready', port: server.port });
