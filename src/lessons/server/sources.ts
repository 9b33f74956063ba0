/**
 * What the server lesson shows of the project itself: pieces of the live
 * server's real source, cut when the site is built (see
 * source-spec.ts), and the commands that run it.
 */
import { SERVER_SOURCES as built } from 'virtual:server-sources';
import type { ServerSourceName, ShownSource } from './source-spec.ts';

export type { ServerSourceName, ShownSource };

/** Each excerpt of SERVER_SOURCE_SPEC, as showSource cut it at build time (a module of plain JSON). */
export const SERVER_SOURCES = built as Readonly<Record<ServerSourceName, ShownSource>>;

/** A command the lesson tells the reader to run, and what it does. */
export interface RunCommand {
  /** Exactly what to type in a terminal, in the project's folder. */
  readonly command: string;
  readonly does: string;
}

/**
 * How to run the server, as the README says. A test checks each against
 * package.json and README.md. `VAR=value command` is POSIX shell syntax
 * (Linux, macOS, Git Bash, WSL).
 */
export const RUN_COMMANDS: readonly RunCommand[] = [
  {
    command: 'npm install && npm start',
    does: 'installs the dependencies package.json lists, then builds the site if needed and serves it with the WebSocket endpoints on http://localhost:8080',
  },
  {
    command: 'npm run server',
    does: 'only the live server (it serves dist/ too, if the site was built)',
  },
  {
    command: 'node --import tsx server/main.ts',
    does: 'what npm run server runs: Node with tsx, which compiles the TypeScript as it loads',
  },
  {
    command: 'PORT=9000 npm run server',
    does: 'the same on another port (PORT=0 picks a free one)',
  },
  {
    command: 'ALLOWED_ORIGINS=https://course.example npm run server',
    does: 'accepts WebSocket handshakes only from pages on https://course.example',
  },
  {
    command: 'HEARTBEAT_MS=5000 npm run server',
    does: 'pings every client every 5 seconds instead of every 30',
  },
];
