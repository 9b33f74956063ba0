import { explainStartFailure, runServer } from '../server/run.ts';
import { buildSite, siteBuildIsStale } from './site-build.ts';

/** `npm start`: build the site if it is missing or stale, then serve it with the live server on one port. */
try {
  if (await siteBuildIsStale()) {
    process.stdout.write('Building the site (dist/ is missing or older than src/)…\n');
    await buildSite();
  }
  await runServer();
} catch (error) {
  process.stderr.write(`Could not start: ${explainStartFailure(error)}\n`);
  process.exit(1);
}
