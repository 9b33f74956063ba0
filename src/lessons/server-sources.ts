/**
 * What the server lesson shows of the project itself: pieces of the live
 * server's real source, read when the site is built (Vite's `?raw`), and the
 * commands that run it. Each piece is cut by name, so a renamed function fails
 * a test instead of leaving the lesson showing code that no longer exists.
 */
import heartbeatSource from '../../server/heartbeat.ts?raw';
import limitsSource from '../../server/limits.ts?raw';
import playgroundServerSource from '../../server/playground-server.ts?raw';
import runSource from '../../server/run.ts?raw';
import upgradeSource from '../../server/upgrade.ts?raw';
import wsSessionSource from '../../server/ws-session.ts?raw';
import { excerptBlock } from '../components/server-excerpt.ts';
import { excerptDeclaration, type SourceExcerpt } from '../components/source-excerpt.ts';
import chatSource from '../service/chat.ts?raw';
import echoSource from '../service/echo.ts?raw';
import gatekeeperSource from '../service/gatekeeper.ts?raw';
import hubSource from '../service/hub.ts?raw';
import pingSource from '../service/ping.ts?raw';

/** A piece of one of the project's files, with the path it is shown under. */
export interface ShownSource extends SourceExcerpt {
  /** The file's path from the project's root, such as `server/heartbeat.ts`. */
  readonly file: string;
  /** How many spaces were taken from the start of every line: the indentation the excerpt's lines share. */
  readonly indent: number;
}

/** The excerpt moved to the left edge: a method deep inside an object reads better without its nesting. */
function shown(file: string, excerpt: SourceExcerpt): ShownSource {
  const lines = excerpt.code.split('\n');
  const indent = Math.min(
    ...lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length),
  );
  return { file, firstLine: excerpt.firstLine, indent, code: lines.map((line) => line.slice(indent)).join('\n') };
}

const SERVER = 'server/playground-server.ts';

/** Every piece the lesson shows, by the part of the server it explains. */
export const SERVER_SOURCES = {
  webSocketServer: shown(SERVER, excerptBlock(playgroundServerSource, 'const wss = new WebSocketServer({')),
  httpServer: shown(SERVER, excerptBlock(playgroundServerSource, 'const server = createServer(')),
  upgradeWiring: shown(
    SERVER,
    excerptBlock(playgroundServerSource, 'const upgrade = createUpgradeHandler(', { through: "server.on('upgrade'" }),
  ),
  upgradeHandler: shown('server/upgrade.ts', excerptDeclaration(upgradeSource, 'createUpgradeHandler')),
  decideHandshake: shown(
    'src/service/gatekeeper.ts',
    excerptBlock(gatekeeperSource, 'export async function decideHandshake('),
  ),
  acceptHandshake: shown('server/upgrade.ts', excerptDeclaration(upgradeSource, 'acceptHandshake')),
  echoSession: shown('src/service/echo.ts', excerptDeclaration(echoSource, 'echoSession')),
  bindSession: shown('server/ws-session.ts', excerptDeclaration(wsSessionSource, 'LiveSession')),
  chatMessage: shown('src/service/chat.ts', excerptBlock(chatSource, 'say(message) {')),
  hubBroadcast: shown('src/service/hub.ts', excerptBlock(hubSource, 'broadcast(message, { others = false } = {}) {')),
  heartbeat: shown('server/heartbeat.ts', excerptDeclaration(heartbeatSource, 'startHeartbeat')),
  pingSession: shown('src/service/ping.ts', excerptBlock(pingSource, 'open(peer): Session {')),
  runServer: shown('server/run.ts', excerptBlock(runSource, 'export async function runServer(')),
  shutdown: shown(SERVER, excerptBlock(playgroundServerSource, 'async close() {')),
  limits: shown('server/limits.ts', excerptDeclaration(limitsSource, 'DEFAULT_LIMITS')),
  backpressure: shown('server/ws-session.ts', excerptDeclaration(wsSessionSource, 'LivePeer')),
} as const satisfies Record<string, ShownSource>;

export type ServerSourceName = keyof typeof SERVER_SOURCES;

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
