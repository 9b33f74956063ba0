import { explainStartFailure, runServer } from './run.ts';

/** `npm run server`. */
runServer().catch((error: unknown) => {
  process.stderr.write(`The server could not start: ${explainStartFailure(error)}\n`);
  process.exit(1);
});
