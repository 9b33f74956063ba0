/**
 * Every refusal of the security lesson on the live wire: real `ws` clients
 * (and plain HTTP requests) against a real server on a free port. `/secure`
 * refuses a missing, unknown, expired or reused credential, a wrong Origin,
 * a token in the subprotocol without `wsp.bearer`, a silent first message;
 * re-authenticates over an open connection and closes one that does not;
 * refuses a reader's post and stays open. `/limited` trips each of its
 * limits. `POST /login` and `POST /ticket` keep the handshake's Origin rules.
 *
 * The service's clock can be moved forward (`skew`): a session cookie lives
 * ten minutes, and the test has no ten minutes to wait. Its timers stay real.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, afterEach, before, describe, it } from 'node:test';
import { parseTraceEvent, toHex, type TraceEvent } from '../../src/protocol/index.ts';
import { SESSION_LIFETIME_MS } from '../../src/service/credentials.ts';
import type { Clock } from '../../src/service/peer.ts';
import {
  AUTH_DEADLINE_MS,
  BEARER_PROTOCOL,
  CLOSE_CREDENTIALS_EXPIRED,
  FLOOD_MESSAGE,
  LESSON_LIMITS,
} from '../../src/service/security-messages.ts';
import { createService } from '../../src/service/service.ts';
import { ConfigError, readConfig } from '../../server/config.ts';
import type { LogFields } from '../../server/log.ts';
import { nodeClock } from '../../server/node-clock.ts';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';
import { connect, getTicket, opened, post, refused, signIn, type Connection } from './helpers/secure-client.ts';

const ORIGIN = 'http://localhost:5173';
const ELSEWHERE = 'https://elsewhere.example';
const TRACE_ID = 'sec0urity0trace0id0000000000000001';

interface Line {
  readonly event: string;
  readonly fields: LogFields;
}

describe('the security lesson on the live wire', () => {
  let server: PlaygroundServer;
  let skew = 0;
  const logs: Line[] = [];
  const open: Connection[] = [];
  const clock: Clock = { ...nodeClock, now: () => Date.now() + skew };

  /** Opens a connection that the suite closes afterwards. */
  const keep = async (url: string, options: Parameters<typeof connect>[1] = {}): Promise<Connection> => {
    const connection = await opened(connect(url, { origin: ORIGIN, ...options }));
    open.push(connection);
    return connection;
  };
  const secure = (query: string): string => `${server.wsUrl}/secure?${query}`;
  const logged = (event: string): Line[] => logs.filter((line) => line.event === event);

  before(async () => {
    const service = createService({ clock, random: (bytes) => randomBytes(bytes) });
    server = await startPlaygroundServer({
      port: 0,
      service,
      logger: (event, fields = {}) => logs.push({ event, fields }),
    });
  });
  afterEach(async () => {
    skew = 0;
    await Promise.all(open.splice(0).map((connection) => connection.close()));
  });
  after(() => server.close());

  describe('POST /login and POST /ticket', () => {
    it('signs in with an HttpOnly, SameSite=Strict session cookie and CORS with credentials for an allowed page', async () => {
      const answer = await post(server.url, '/login', '{"name":"ada","role":"member"}', { origin: ORIGIN });
      assert.equal(answer.status, 200);
      const [cookie] = answer.headers['set-cookie'] ?? [];
      assert.match(
        cookie ?? '',
        /^wsp_session=wsp_ss_[A-Za-z0-9_-]{22}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=600$/,
      );
      assert.equal(answer.headers['access-control-allow-origin'], ORIGIN);
      assert.equal(answer.headers['access-control-allow-credentials'], 'true');
      assert.equal(answer.headers.vary, 'Origin');
      assert.equal(answer.headers['cache-control'], 'no-store');
      const body = JSON.parse(answer.body) as { user: string; token: string };
      assert.equal(body.user, 'ada');
      assert.match(body.token, /^wsp_at_[A-Za-z0-9_-]{22}$/);
    });

    it('answers the preflight of an allowed page: POST, with Authorization and Content-Type', async () => {
      const answer = await post(server.url, '/ticket', '', {
        origin: ORIGIN,
        method: 'OPTIONS',
        headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
      });
      assert.equal(answer.status, 204);
      assert.equal(answer.headers['access-control-allow-origin'], ORIGIN);
      assert.equal(answer.headers['access-control-allow-credentials'], 'true');
      assert.equal(answer.headers['access-control-allow-methods'], 'POST');
      assert.equal(answer.headers['access-control-allow-headers'], 'Authorization, Content-Type');
    });

    it('refuses a page on another origin with 403 and no CORS headers: no sign-in, no ticket, no preflight', async () => {
      const { token } = await signIn(server.url, 'ada');
      const answers = [
        await post(server.url, '/login', '{"name":"eve","role":"member"}', { origin: ELSEWHERE }),
        await post(server.url, '/ticket', '{}', { origin: ELSEWHERE, authorization: `Bearer ${token}` }),
        await post(server.url, '/ticket', '', { origin: ELSEWHERE, method: 'OPTIONS' }),
      ];
      for (const answer of answers) {
        assert.equal(answer.status, 403);
        assert.equal(answer.headers['access-control-allow-origin'], undefined);
        assert.equal(answer.headers['access-control-allow-credentials'], undefined);
        assert.equal(answer.headers['set-cookie'], undefined);
        assert.match((JSON.parse(answer.body) as { error: string }).error, /^Origin not allowed: /);
        assert.doesNotMatch(answer.body, /wsp_tk_/);
      }
      assert.ok(logged('refused').some((line) => line.fields.path === '/ticket' && line.fields.origin === ELSEWHERE));
    });

    it('refuses POST /ticket without a token, or with an unknown one, with 401 that never repeats it', async () => {
      const missing = await post(server.url, '/ticket', '{}', { origin: ORIGIN });
      assert.equal(missing.status, 401);
      assert.equal(missing.headers['www-authenticate'], 'Bearer');
      const wrong = `wsp_at_${'A'.repeat(22)}`;
      const unknown = await post(server.url, '/ticket', '{}', { origin: ORIGIN, authorization: `Bearer ${wrong}` });
      assert.equal(unknown.status, 401);
      assert.match(unknown.body, /token unknown/);
      assert.ok(!unknown.body.includes(wrong));
      // A CORS page still reads why: the refusal carries the CORS headers.
      assert.equal(unknown.headers['access-control-allow-origin'], ORIGIN);
    });

    it('refuses a body over the cap with 413, and a GET with 405', async () => {
      const big = await post(server.url, '/login', JSON.stringify({ name: 'ada', pad: 'x'.repeat(2000) }), {
        origin: ORIGIN,
      });
      assert.equal(big.status, 413);
      assert.match((JSON.parse(big.body) as { error: string }).error, /at most 1024 bytes/);
      const get = await post(server.url, '/ticket', '', { origin: ORIGIN, method: 'GET' });
      assert.equal(get.status, 405);
      assert.equal(get.headers.allow, 'POST, OPTIONS');
    });
  });

  describe('/secure', () => {
    it('auth=cookie: admits the session cookie; no cookie is 401, an unknown or expired one 403', async () => {
      const { cookie } = await signIn(server.url, 'ada');
      const admitted = await keep(secure('auth=cookie'), { headers: { Cookie: `theme=dark; ${cookie}` } });
      const welcome = await admitted.until((message) => message.type === 'welcome');
      assert.deepEqual([welcome.user, welcome.via], ['ada', 'cookie']);

      const missing = await refused(connect(secure('auth=cookie'), { origin: ORIGIN }));
      assert.equal(missing.status, 401);
      assert.match(missing.body, /no wsp_session cookie/);
      const unknown = await refused(
        connect(secure('auth=cookie'), { origin: ORIGIN, headers: { Cookie: `wsp_session=wsp_ss_${'B'.repeat(22)}` } }),
      );
      assert.equal(unknown.status, 403);
      assert.match(unknown.body, /session unknown/);
      skew = SESSION_LIFETIME_MS + 1000;
      const expired = await refused(connect(secure('auth=cookie'), { origin: ORIGIN, headers: { Cookie: cookie } }));
      assert.equal(expired.status, 403);
      assert.match(expired.body, /session expired/);
    });

    it('auth=ticket: a ticket opens one connection; missing is 401, unknown, used and expired 403 with the reason', async () => {
      const { token } = await signIn(server.url, 'ada');
      const ticket = await getTicket(server.url, token, { origin: ORIGIN });
      assert.match(ticket, /^wsp_tk_[A-Za-z0-9_-]{22}$/);
      const admitted = await keep(secure(`auth=ticket&ticket=${ticket}`));
      assert.equal((await admitted.until((message) => message.type === 'welcome')).via, 'ticket');

      const used = await refused(connect(secure(`auth=ticket&ticket=${ticket}`), { origin: ORIGIN }));
      assert.equal(used.status, 403);
      assert.match(used.body, /^ticket already used: a ticket opens one connection/);
      const missing = await refused(connect(secure('auth=ticket'), { origin: ORIGIN }));
      assert.equal(missing.status, 401);
      assert.match(missing.body, /ticket is required/);
      const unknown = await refused(connect(secure(`auth=ticket&ticket=wsp_tk_${'C'.repeat(22)}`), { origin: ORIGIN }));
      assert.equal(unknown.status, 403);
      assert.match(unknown.body, /^ticket unknown/);
      const short = await getTicket(server.url, token, { ttlMs: 1000 });
      skew = 1000;
      const expired = await refused(connect(secure(`auth=ticket&ticket=${short}`), { origin: ORIGIN }));
      assert.equal(expired.status, 403);
      assert.match(expired.body, /^ticket expired/);
      // No refusal repeats the ticket it refused.
      for (const answer of [used, unknown, expired]) assert.doesNotMatch(answer.body, /wsp_tk_[A-Za-z0-9_-]{22}/);
    });

    it('refuses a wrong Origin with 403 before the ticket is spent', async () => {
      const { token } = await signIn(server.url, 'ada');
      const ticket = await getTicket(server.url, token);
      const foreign = await refused(connect(secure(`auth=ticket&ticket=${ticket}`), { origin: ELSEWHERE }));
      assert.equal(foreign.status, 403);
      assert.match(foreign.body, /^Origin not allowed: /);
      const admitted = await keep(secure(`auth=ticket&ticket=${ticket}`));
      assert.equal((await admitted.until((message) => message.type === 'welcome')).user, 'ada');
    });

    it('auth=protocol: a token without wsp.bearer is 400; with it the 101 answers exactly wsp.bearer', async () => {
      const { token } = await signIn(server.url, 'ada');
      const alone = await refused(connect(secure('auth=protocol'), { origin: ORIGIN, protocols: [token] }));
      assert.equal(alone.status, 400);
      assert.match(alone.body, /never echoes a token/);
      assert.ok(!alone.body.includes(token));

      const admitted = await keep(secure('auth=protocol'), { protocols: [BEARER_PROTOCOL, token] });
      assert.equal(admitted.headers['sec-websocket-protocol'], BEARER_PROTOCOL);
      assert.equal(admitted.socket.protocol, BEARER_PROTOCOL);
      assert.equal((await admitted.until((message) => message.type === 'welcome')).via, 'protocol');

      const none = await refused(connect(secure('auth=protocol'), { origin: ORIGIN, protocols: [BEARER_PROTOCOL] }));
      assert.equal(none.status, 401);
      const bad = await refused(
        connect(secure('auth=protocol'), { origin: ORIGIN, protocols: [BEARER_PROTOCOL, `wsp_at_${'D'.repeat(22)}`] }),
      );
      assert.equal(bad.status, 403);
      assert.match(bad.body, /token unknown/);
    });

    it(`auth=message: closes with 1008 a connection with no credentials within ${AUTH_DEADLINE_MS} ms`, async () => {
      const silent = await keep(secure('auth=message'));
      assert.deepEqual(await silent.ended(AUTH_DEADLINE_MS + 5000), {
        code: 1008,
        reason: `no credentials within ${AUTH_DEADLINE_MS / 1000} s`,
      });
      assert.ok(logged('auth-timeout').length > 0);
    });

    it('auth=message: welcomes a token in the first message; closes with 1008 a wrong first message or a bad token', async () => {
      const { token } = await signIn(server.url, 'ada');
      const good = await keep(secure('auth=message'));
      good.send({ type: 'auth', token });
      assert.equal((await good.until((message) => message.type === 'welcome')).via, 'message');

      const chatty = await keep(secure('auth=message'));
      chatty.send({ type: 'post', text: 'hello' });
      const first = await chatty.ended();
      assert.equal(first.code, 1008);
      assert.match(first.reason, /^first message must be/);

      const wrong = await keep(secure('auth=message'));
      wrong.send({ type: 'auth', token: `wsp_at_${'E'.repeat(22)}` });
      assert.deepEqual(await wrong.ended(), { code: 1008, reason: 'token unknown: sign in again' });
    });

    it(`re-authenticates over the open connection; one that does not is closed with ${CLOSE_CREDENTIALS_EXPIRED}`, async () => {
      const brief = { tokenLifetimeMs: 3000 };
      const [renewing, lapsing, other] = await Promise.all([
        signIn(server.url, 'ada', 'member', brief),
        signIn(server.url, 'bo', 'member', brief),
        signIn(server.url, 'cy'),
      ]);
      const staying = await keep(secure('auth=protocol'), { protocols: [BEARER_PROTOCOL, renewing.token] });
      const leaving = await keep(secure('auth=protocol'), { protocols: [BEARER_PROTOCOL, lapsing.token] });

      const warning = await staying.until((message) => message.type === 'expiring');
      assert.ok(typeof warning.inMs === 'number' && warning.inMs > 0);
      staying.send({ type: 'auth', token: other.token });
      const refusedReauth = await staying.until((message) => message.type === 'error');
      assert.match(String(refusedReauth.reason), /another user/);
      const fresh = await signIn(server.url, 'ada');
      staying.send({ type: 'auth', token: fresh.token });
      const renewed = await staying.until((message) => message.type === 'reauthenticated');
      assert.ok(Number(renewed.expiresInMs) > 3000);

      assert.deepEqual(await leaving.ended(), { code: CLOSE_CREDENTIALS_EXPIRED, reason: 'credentials expired' });
      assert.ok(leaving.received.some((message) => message.type === 'expiring'));
      // Past the first token's expiry, the re-authenticated connection is still open and still answers.
      staying.send({ type: 'post', text: 'still here' });
      assert.equal((await staying.until((message) => message.type === 'posted')).text, 'still here');
      assert.equal(staying.closed, undefined);
    });

    it('refuses a read-only member’s post with an error and keeps the connection open', async () => {
      const reader = await signIn(server.url, 'rea', 'reader');
      const member = await signIn(server.url, 'mem', 'member');
      const reading = await keep(secure('auth=protocol'), { protocols: [BEARER_PROTOCOL, reader.token] });
      const writing = await keep(secure('auth=protocol'), { protocols: [BEARER_PROTOCOL, member.token] });
      await reading.until((message) => message.type === 'welcome');
      await writing.until((message) => message.type === 'welcome');

      reading.send({ type: 'post', text: 'may I?' });
      const error = await reading.until((message) => message.type === 'error');
      assert.match(String(error.reason), /readers may read, not post/);
      writing.send({ type: 'post', text: 'I may' });
      assert.deepEqual(await writing.until((message) => message.type === 'posted'), {
        type: 'posted',
        by: 'mem',
        text: 'I may',
      });
      // Checked on every message: the reader is refused again, still connected.
      reading.send({ type: 'post', text: 'and now?' });
      await reading.until(() => reading.received.filter((message) => message.type === 'error').length >= 2);
      assert.equal(reading.closed, undefined);
      assert.ok(logged('post-refused').length >= 2);
    });
  });

  describe('/limited', () => {
    const limited = (group: string): string => `${server.wsUrl}/limited?group=${group}`;

    it(`closes with 1009 a message over ${LESSON_LIMITS.maxMessageBytes} bytes, and echoes one at the limit`, async () => {
      const connection = await keep(limited('size'));
      connection.send('a'.repeat(LESSON_LIMITS.maxMessageBytes));
      await connection.until((message) => message.type === 'text');
      connection.send('a'.repeat(LESSON_LIMITS.maxMessageBytes + 1));
      assert.deepEqual(await connection.ended(), { code: 1009, reason: 'message of 1025 bytes: the limit is 1024' });
      const line = logged('too-big').at(-1);
      assert.deepEqual(line?.fields, { path: '/limited', size: 1025, limit: 1024 });
    });

    it(`closes with 1008 more than ${LESSON_LIMITS.messagesPerSecond} messages in a second`, async () => {
      const connection = await keep(limited('rate'));
      for (let i = 0; i <= LESSON_LIMITS.messagesPerSecond; i++) connection.send(`message ${i}`);
      assert.deepEqual(await connection.ended(), { code: 1008, reason: 'more than 5 messages in a second' });
      assert.deepEqual(logged('rate-limited').at(-1)?.fields, { path: '/limited', limit: 5 });
    });

    it(`refuses with 503 connection ${LESSON_LIMITS.connectionsPerGroup + 1} of a group, and admits one once a place is free`, async () => {
      const three = [await keep(limited('full')), await keep(limited('full')), await keep(limited('full'))];
      const fourth = await refused(connect(limited('full'), { origin: ORIGIN }));
      assert.equal(fourth.status, 503);
      assert.equal(fourth.body, 'group full already has 3 connections open: 3 is the limit\n');
      // Another group is not affected.
      await keep(limited('other'));
      await three[0]!.close();
      let admitted: Connection | undefined;
      for (let i = 0; i < 100 && !admitted; i++) {
        const outcome = await connect(limited('full'), { origin: ORIGIN });
        if ('open' in outcome) admitted = outcome.open;
        else await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(admitted, 'no place came free after a connection of the group closed');
      open.push(admitted);
    });

    it('closes with 1008 a reader that stops reading a flood, rather than buffering for it', async () => {
      const connection = await keep(limited('slow'));
      // ws reads the socket for us; pausing it stops reading, so the kernel's buffers fill, then ws's.
      const tcp = (connection.socket as unknown as { _socket: Socket })._socket;
      tcp.pause();
      connection.send(FLOOD_MESSAGE);
      for (let i = 0; i < 1000 && logged('slow-reader').length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const line = logged('slow-reader').at(-1);
      assert.ok(line, 'the server never found the reader slow');
      assert.equal(line.fields.limit, LESSON_LIMITS.sendBufferBytes);
      assert.ok(Number(line.fields.buffered) > LESSON_LIMITS.sendBufferBytes);
      tcp.resume();
      assert.deepEqual(await connection.ended(), {
        code: 1008,
        reason: 'reading too slowly: over 65536 bytes waiting',
      });
      assert.ok(!connection.received.some((message) => message.type === 'flood-done'));
    });

    it('shows the server’s log line for a limit as a note in the connection’s trace', async () => {
      const events: TraceEvent[] = [];
      const inspector = await opened(connect(`${server.wsUrl}/inspect?trace=${TRACE_ID}`, { origin: ORIGIN }));
      inspector.socket.on('message', (data) => events.push(parseTraceEvent(data.toString())));
      const connection = await keep(`${limited('traced')}&trace=${TRACE_ID}`);
      connection.send('b'.repeat(2000));
      await connection.ended();
      for (let i = 0; i < 200 && !events.some((event) => event.type === 'closed'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await inspector.close();
      const notes = events.flatMap((event) => (event.type === 'note' ? [event.text] : []));
      assert.ok(
        notes.includes('server log: {"event":"too-big","size":2000,"limit":1024}'),
        `notes: ${JSON.stringify(notes)}`,
      );
      const closed = events.find((event) => event.type === 'closed');
      assert.equal(closed?.type === 'closed' && closed.code, 1009);
    });
  });
});

describe('TICKET_TTL_MS', () => {
  it('is 30 s by default and takes a whole number of milliseconds from 1000 to 600000', () => {
    assert.equal(readConfig({}).ticketTtlMs, 30_000);
    assert.equal(readConfig({ TICKET_TTL_MS: ' 5000 ' }).ticketTtlMs, 5000);
    assert.equal(readConfig({ TICKET_TTL_MS: '' }).ticketTtlMs, 30_000);
    for (const text of ['soon', '999', '600001', '1500.5', '-1', '1e9']) {
      assert.throws(
        () => readConfig({ TICKET_TTL_MS: text }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.message === `TICKET_TTL_MS="${text}" is not a whole number of milliseconds from 1000 to 600000`,
      );
    }
  });
});

/** The live server as `npm run server` starts it, its stdout kept as written. */
async function startServerProcess(): Promise<{
  url: string;
  wsUrl: string;
  stdout: () => string;
  stop(): Promise<void>;
}> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ALLOWED_ORIGINS: '', REDIS_URL: '', TICKET_TTL_MS: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 15_000);
    child.stdout.on('data', () => {
      const match = /Open (http:\/\/\S+) in your browser/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output}`)));
  });
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    stdout: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('secrets in the live server’s logs and traces', () => {
  it('never writes a ticket, token or session id to stdout or to the trace of a connection, whichever way it came', async () => {
    const live = await startServerProcess();
    const secure = (query: string): string => `${live.wsUrl}/secure?${query}&trace=${TRACE_ID}`;
    const raw: string[] = [];
    const inspector = await opened(connect(`${live.wsUrl}/inspect?trace=${TRACE_ID}`, { origin: ORIGIN }));
    inspector.socket.on('message', (data) => raw.push(data.toString()));
    const secrets: string[] = [];
    const remember = <T extends string>(secret: T): T => {
      secrets.push(secret);
      return secret;
    };
    let accepted = 0;
    const admit = async (url: string, options: Parameters<typeof connect>[1] = {}): Promise<Connection> => {
      const connection = await opened(connect(url, { origin: ORIGIN, ...options }));
      accepted++;
      return connection;
    };
    try {
      const ada = await signIn(live.url, 'ada', 'member', { origin: ORIGIN });
      remember(ada.token);
      remember(ada.session);

      // A session cookie; the member posts their own token, which the server sends back.
      const byCookie = await admit(secure('auth=cookie'), { headers: { Cookie: ada.cookie } });
      await byCookie.until((message) => message.type === 'welcome');
      byCookie.send({ type: 'post', text: `my token is ${ada.token}` });
      await byCookie.until((message) => message.type === 'posted');
      await byCookie.close();

      // A ticket, then the same ticket again (refused), and one that never existed.
      const ticket = remember(await getTicket(live.url, ada.token, { origin: ORIGIN }));
      const byTicket = await admit(secure(`auth=ticket&ticket=${ticket}`));
      await byTicket.until((message) => message.type === 'welcome');
      await byTicket.close();
      await refused(connect(secure(`auth=ticket&ticket=${ticket}`), { origin: ORIGIN }));
      const madeUp = remember(`wsp_tk_${'Q'.repeat(22)}`);
      await refused(connect(secure(`auth=ticket&ticket=${madeUp}`), { origin: ORIGIN }));

      // A token in Sec-WebSocket-Protocol, with wsp.bearer and without.
      const byProtocol = await admit(secure('auth=protocol'), { protocols: [BEARER_PROTOCOL, ada.token] });
      await byProtocol.until((message) => message.type === 'welcome');
      await byProtocol.close();
      await refused(connect(secure('auth=protocol'), { origin: ORIGIN, protocols: [ada.token] }));

      // A token in the first message, a fresh one to re-authenticate, then a close whose reason holds it.
      const fresh = await signIn(live.url, 'ada', 'member', { origin: ORIGIN });
      remember(fresh.token);
      remember(fresh.session);
      const byMessage = await admit(secure('auth=message'));
      byMessage.send({ type: 'auth', token: ada.token });
      await byMessage.until((message) => message.type === 'welcome');
      byMessage.send({ type: 'auth', token: fresh.token });
      await byMessage.until((message) => message.type === 'reauthenticated');
      byMessage.socket.close(4000, `bye ${fresh.token}`);
      await byMessage.ended();

      // A wrong token in the first message.
      const wrong = remember(`wsp_at_${'R'.repeat(22)}`);
      const byWrongMessage = await admit(secure('auth=message'));
      byWrongMessage.send({ type: 'auth', token: wrong });
      await byWrongMessage.ended();

      // Every accepted connection's trace ends with its closed event; refusals have theirs already.
      for (let i = 0; i < 300 && raw.filter((text) => text.includes('"type":"closed"')).length < accepted; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await inspector.close();
    } finally {
      await live.stop();
    }

    const events = raw.map((text) => parseTraceEvent(text));
    const payloads = events.flatMap((event) =>
      event.type === 'frame' ? [Buffer.from(event.frame.payload).toString('latin1')] : [],
    );
    const stdout = live.stdout();
    for (const secret of secrets) {
      assert.ok(!stdout.includes(secret), `stdout holds ${secret}`);
      assert.ok(!raw.some((text) => text.includes(secret)), `the trace holds ${secret}`);
      assert.ok(!raw.some((text) => text.includes(toHex(Buffer.from(secret)))), `the trace's bytes hold ${secret}`);
      assert.ok(!payloads.some((payload) => payload.includes(secret)), `a traced frame's payload holds ${secret}`);
    }
    const anySecret = /wsp_(?:tk|at|ss)_[A-Za-z0-9_-]{22}/;
    assert.doesNotMatch(stdout, anySecret);
    for (const payload of payloads) assert.doesNotMatch(payload, anySecret);

    // And the search saw them: starred, with their kind still readable.
    const starred = '*'.repeat(22);
    assert.ok(stdout.includes(`wsp_at_${starred}`), 'the log line of the close reason was not starred');
    const requests = events.flatMap((event) => (event.type === 'handshake-request' ? [event] : []));
    assert.ok(requests.some((event) => event.path.includes(`ticket=wsp_tk_${starred}`)));
    assert.ok(
      requests.some((event) =>
        event.headers.some(
          ([name, value]) => name.toLowerCase() === 'sec-websocket-protocol' && value.includes(`wsp_at_${starred}`),
        ),
      ),
    );
    const redacted = events.filter((event) => event.type === 'frame' && event.redacted);
    // The post and its echo, the two auth messages, and the close frames both ways: each held a token.
    assert.ok(redacted.length >= 5, `only ${redacted.length} frames were starred`);
    assert.ok(events.some((event) => event.type === 'closed' && event.reason === `bye wsp_at_${starred}`));
    assert.ok(events.some((event) => event.type === 'note' && event.text.startsWith('server log: ')));
  });
});
