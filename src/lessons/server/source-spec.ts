/**
 * Which pieces of the project's own files the server lesson shows, by the
 * part of the server they explain. Plain data: the build cuts the pieces out
 * (scripts/server-sources-plugin.ts), so the page carries the excerpts, not
 * whole files. Each is found by name or by its first line, and a missing one
 * fails the build and a test instead of showing code that no longer exists.
 */
import { excerptBlock } from './excerpt.ts';
import { excerptDeclaration, type SourceExcerpt } from '../../components/source-excerpt.ts';

/** A top-level declaration by name, or a block by the text of its first line (up to the line holding `through`). */
export type SourceSelector =
  | { readonly file: string; readonly declaration: string }
  | { readonly file: string; readonly block: string; readonly through?: string };

/** A piece of one of the project's files, with the path it is shown under. */
export interface ShownSource extends SourceExcerpt {
  /** The file's path from the project's root, such as `server/heartbeat.ts`. */
  readonly file: string;
  /** How many spaces were taken from the start of every line: the indentation the excerpt's lines share. */
  readonly indent: number;
}

const SERVER = 'server/playground-server.ts';

export const SERVER_SOURCE_SPEC = {
  webSocketServer: { file: SERVER, block: 'const wss = new WebSocketServer({' },
  httpServer: { file: SERVER, block: 'const server = createServer(' },
  upgradeWiring: { file: SERVER, block: 'const upgrade = createUpgradeHandler(', through: "server.on('upgrade'" },
  upgradeHandler: { file: 'server/upgrade.ts', declaration: 'createUpgradeHandler' },
  decideHandshake: { file: 'src/service/gatekeeper.ts', block: 'export async function decideHandshake(' },
  acceptHandshake: { file: 'server/upgrade.ts', declaration: 'acceptHandshake' },
  echoSession: { file: 'src/service/echo.ts', declaration: 'echoSession' },
  bindSession: { file: 'server/ws-session.ts', declaration: 'LiveSession' },
  chatMessage: { file: 'src/service/chat.ts', block: 'say(message) {' },
  hubBroadcast: { file: 'src/service/hub.ts', block: 'broadcast(message, { others = false } = {}) {' },
  heartbeat: { file: 'server/heartbeat.ts', declaration: 'startHeartbeat' },
  pingSession: { file: 'src/service/ping.ts', block: 'open(peer): Session {' },
  runServer: { file: 'server/run.ts', block: 'export async function runServer(' },
  shutdown: { file: SERVER, block: 'async close() {' },
  limits: { file: 'server/limits.ts', declaration: 'DEFAULT_LIMITS' },
  backpressure: { file: 'server/ws-session.ts', declaration: 'LivePeer' },
} as const satisfies Record<string, SourceSelector>;

export type ServerSourceName = keyof typeof SERVER_SOURCE_SPEC;

/** The excerpt moved to the left edge: a method deep inside an object reads better without its nesting. */
export function showSource(text: string, selector: SourceSelector): ShownSource {
  const excerpt =
    'declaration' in selector
      ? excerptDeclaration(text, selector.declaration)
      : excerptBlock(text, selector.block, selector.through === undefined ? {} : { through: selector.through });
  const lines = excerpt.code.split('\n');
  const indent = Math.min(
    ...lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length),
  );
  return {
    file: selector.file,
    firstLine: excerpt.firstLine,
    indent,
    code: lines.map((line) => line.slice(indent)).join('\n'),
  };
}
