/**
 * A playground server in a process of its own, forked by server-process.ts:
 * it reports where it listens, answers each `memory` request with its memory
 * after a full GC, and stops when the bench lets go of it.
 */
import { silentLogger } from '../../server/log.ts';
import { startPlaygroundServer } from '../../server/playground-server.ts';
import { exposeGc, memoryAfterGc } from './memory.ts';
import type { ServerChildMessage, ServerChildOptions } from './server-process.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ServerChildOptions;
const server = await startPlaygroundServer({ port: 0, logger: silentLogger, limits: options.limits });
const gc = exposeGc();
const send = (message: ServerChildMessage): void => void process.send!(message);

process.on('message', (message: { type: 'memory' }) => {
  if (message.type === 'memory') void memoryAfterGc(gc).then((memory) => send({ type: 'memory', memory }));
});
// The bench is done with this server (or gone): leave with it.
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
send({ type: 'ready', port: server.port });
