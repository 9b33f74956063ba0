import { createServer } from 'vite';
import { explainStartFailure, runServer } from '../server/run.ts';
import { ROOT } from './site-build.ts';

/**
 * `npm run dev`: Vite with hot reload on 5173 and the live server on 8080,
 * in one process. The page finds the live server at ws://localhost:8080.
 */
try {
  await runServer((server) => `Live server at ${server.wsUrl}. Open the lessons, with hot reload, at:`);
  const vite = await createServer({ root: ROOT });
  await vite.listen();
  vite.printUrls();
  process.stdout.write('Ctrl-C stops both.\n');
  process.once('SIGINT', () => void vite.close());
  process.once('SIGTERM', () => void vite.close());
} catch (error) {
  process.stderr.write(`Could not start: ${explainStartFailure(error)}\n`);
  process.exit(1);
}
