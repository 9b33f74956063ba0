// Browser tests in headless Chromium, with a real live server started beside them.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { register } from 'tsx/esm/api';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { WebSocket, WebSocketServer } from 'ws';

// The live server is TypeScript; tsx lets this config import it as it is.
register();
const { startPlaygroundServer } = await import('./server/playground-server.ts');
const { chromiumArgs, chromiumPath } = await import('./test/helpers/chromium.ts');
const { SERVER_SOURCES_ID, serverSourcesModule } = await import('./scripts/server-sources-plugin.ts');
const { findProgram, Programs } = await import('./test/helpers/programs.ts');

/**
 * What a program that writes its own Origin gets from a server, as the CORS
 * lesson's script does (a page cannot): the handshake's status, 101 or the refusal's.
 * `trustAnyCertificate`: a wss: server's certificate is taken whoever signed it.
 */
function forgedHandshake(url, origin, trustAnyCertificate = false) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { origin, rejectUnauthorized: !trustAnyCertificate });
    socket.once('open', () => {
      socket.close(1000, 'done');
      resolve(101);
    });
    socket.once('unexpected-response', (request, response) => {
      response.resume();
      request.destroy();
      resolve(response.statusCode);
    });
    socket.once('error', () => resolve(0));
  });
}

/**
 * An echo server behind TLS with a self-signed certificate, made by openssl
 * for this run: the browser does not trust it, so the page sees what a
 * certificate error gives it (the security lesson's wss demo). Undefined
 * when openssl is not installed (npm run test:setup says how to get it).
 */
async function startTlsServer() {
  const openssl = findProgram(Programs.openssl);
  if (!openssl) return undefined;
  const dir = await mkdtemp(path.join(tmpdir(), 'wsp-tls-'));
  const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'];
  await promisify(execFile)(openssl, [...args, '-keyout', key, '-out', cert]);
  const server = createHttpsServer({ key: await readFile(key), cert: await readFile(cert) });
  await rm(dir, { recursive: true, force: true });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => socket.on('message', (data, binary) => socket.send(data, { binary })));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    wsUrl: `wss://localhost:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        wss.close();
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/** A port on which nothing listens: one the system has just handed out, then closed again. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createTcpServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Forgets every cookie of the test's browser: a live sign-in's HttpOnly cookie, which no page script can clear. */
async function clearCookies(session) {
  if (session.browser.type !== 'puppeteer') throw new Error(`clear-cookies needs Chromium through puppeteer`);
  const client = await session.browser.getPage(session.id).createCDPSession();
  try {
    await client.send('Network.clearBrowserCookies');
  } finally {
    await client.detach();
  }
  return true;
}

/** Which pages the test servers accept: the test runner's, on whichever port it took. */
const TEST_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*'];
/**
 * How long a restarted server stays down: longer than any page's first wait
 * before it reconnects (0.5 s at most, src/controllers/reconnect-policy.ts),
 * so that first attempt finds the port closed.
 */
const RESTART_DOWN_MS = 2000;

/** Starts a live server on `port`, trying again for a while if the port is not free yet. */
async function startOnPort(port, logger) {
  for (let tries = 0; ; tries++) {
    try {
      return await startPlaygroundServer({ port, allowedOrigins: TEST_ORIGINS, logger });
    } catch (error) {
      if (error.code !== 'EADDRINUSE' || tries >= 20) throw error;
      await sleep(250);
    }
  }
}

/**
 * Restarts a live server as a deploy does: close() sends 1001 to every
 * client, the port stays closed for RESTART_DOWN_MS, then a new server (with
 * none of the old one's rooms) listens on the same port. Returns the new one.
 */
async function restartServer(server, logger) {
  const { port } = server;
  await server.close();
  await sleep(RESTART_DOWN_MS);
  return startOnPort(port, logger);
}

/**
 * Starts real servers: one that accepts the test page, one whose allowlist
 * refuses it, one with an "other site", a TLS echo server the browser does
 * not trust, and one the tests may restart (the demos that reconnect by
 * themselves).
 */
function liveServers() {
  const servers = {};
  return {
    name: 'live-servers',
    async serverStart({ config }) {
      const quiet = () => {};
      servers['live-server-url'] = await startPlaygroundServer({
        port: 0,
        allowedOrigins: TEST_ORIGINS,
        logger: quiet,
      });
      servers['restartable-server-url'] = await startOnPort(0, quiet);
      // The CORS lesson's "other site": a second origin that this server's allowlist (the test page alone) refuses.
      servers['cors-server-url'] = await startPlaygroundServer({
        port: 0,
        otherSitePort: 0,
        allowedOrigins: [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`],
        logger: quiet,
      });
      servers['strict-server-url'] = await startPlaygroundServer({
        port: 0,
        allowedOrigins: ['https://only-this-site.example'],
        logger: quiet,
      });
      const tls = await startTlsServer();
      if (tls) servers['tls-server-url'] = tls;
    },
    async serverStop() {
      await Promise.all(Object.values(servers).map((server) => server.close()));
    },
    executeCommand({ command, payload, session }) {
      if (command === 'cors-other-site-url') return servers['cors-server-url']?.otherSiteUrl;
      if (command === 'forged-handshake') {
        return forgedHandshake(payload.url, payload.origin, payload.trustAnyCertificate === true);
      }
      if (command === 'clear-cookies') return clearCookies(session);
      if (command === 'free-port') return freePort();
      if (command === 'restart-live-server') {
        return restartServer(servers['restartable-server-url'], () => {}).then((server) => {
          servers['restartable-server-url'] = server;
          return server.wsUrl;
        });
      }
      return servers[command]?.wsUrl;
    },
  };
}

/** Vite's `?raw` imports (a file's text as a string), which the client and server lessons show as code. */
const rawText = {
  name: 'raw-text',
  async serve(context) {
    if (!context.URL.searchParams.has('raw')) return undefined;
    const file = path.join(process.cwd(), decodeURIComponent(context.path));
    return { body: `export default ${JSON.stringify(await readFile(file, 'utf8'))};`, type: 'js' };
  },
};

/** The server lesson's excerpts, made from the files on disk as the Vite build makes them (vite.config.ts). */
const serverSources = {
  name: 'server-sources',
  resolveImport({ source }) {
    return source === SERVER_SOURCES_ID ? '/__server-sources.js' : undefined;
  },
  async serve(context) {
    if (context.path !== '/__server-sources.js') return undefined;
    return { body: await serverSourcesModule(process.cwd()), type: 'js' };
  },
};

/** mock-socket's package.json names only its UMD build; the page needs the ES module. */
const mockSocketModule = {
  name: 'mock-socket-esm',
  resolveImport({ source }) {
    if (source === 'mock-socket') return '/node_modules/mock-socket/dist/mock-socket.es.mjs';
    return undefined;
  },
};

export default {
  files: 'test/browser/**/*.test.ts',
  // The production build of Lit: no dev-mode banner in every test's log.
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  plugins: [
    rawText,
    {
      // `?module-url` imports (scripts/module-url-plugin.ts: a module's URL, for a worker): here the module's own,
      // which this server serves as it is.
      name: 'module-url',
      serve: (context) =>
        context.URL.searchParams.has('module-url')
          ? { body: `export default ${JSON.stringify(context.path)};`, type: 'js' }
          : undefined,
    },
    serverSources,
    mockSocketModule,
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: './tsconfig.base.json' /* esbuild reads it raw: no extends */,
    }),
    liveServers(),
  ],
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } })],
  testFramework: { config: { timeout: 10000 } },
};
