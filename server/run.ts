import { ConfigError, readConfig } from './config.ts';
import { readOtherSitePort } from './other-site.ts';
import { startPlaygroundServer, type PlaygroundServer } from './playground-server.ts';

/** Starts the live server from PORT, HOST, ALLOWED_ORIGINS, OTHER_SITE_PORT and REDIS_URL; stops it cleanly on Ctrl-C or SIGTERM. */
export async function runServer(
  banner = (server: PlaygroundServer): string =>
    `WebSocket Playground is running. Open ${server.url} in your browser. Ctrl-C stops it.`,
): Promise<PlaygroundServer> {
  const config = readConfig(process.env);
  const server = await startPlaygroundServer({ ...config, otherSitePort: readOtherSitePort(process.env, config.port) });
  process.stdout.write(`\n${banner(server)}\n\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}

export function explainStartFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return 'The port is already in use: stop the other server, or set PORT to another port.';
  if (code === 'EACCES') return 'Not allowed to listen on that port: choose PORT above 1024.';
  return error instanceof Error ? error.message : String(error);
}
