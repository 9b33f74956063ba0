import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { containsSecret, decodeClosePayload, Opcode, redactSecrets, Side } from '../../../src/protocol/index.ts';
import { Role } from '../../../src/service/credentials.ts';
import {
  AUTH_DEADLINE_MS,
  BEARER_PROTOCOL,
  CLOSE_CREDENTIALS_EXPIRED,
  LESSON_LIMITS,
  SESSION_COOKIE,
} from '../../../src/service/security-messages.ts';
import { forgetSimulatedCookies, requestTicket, signIn, type AuthWire } from '../../../src/transport/auth-requests.ts';
import { connect, type Connection } from '../../../src/transport/connect.ts';
import { httpUrl } from '../../../src/transport/endpoint-url.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { pageCookies } from '../../../src/transport/simulated-cookies.ts';
import { openSlowReader } from '../../../src/transport/slow-reader.ts';
import type { TimelineEvent } from '../../../src/transport/trace-stream.ts';
import { serverUrl } from '../helpers/live-servers.ts';
import { WAIT } from '../helpers/lesson-helpers.ts';

/**
 * The security lesson's endpoints on both wires, the page's simulated server
 * and the real one the test runner started: every way /secure admits and
 * refuses, expiry and re-authentication, per-message authorization, each
 * limit of /limited, and no ticket, token or session id in any trace.
 */

interface Message {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Longer than the endpoints' own deadlines (3 s to authenticate, 3 s tokens). */
const SLOW_WAIT = { timeout: 8000 };
const STARS = '*'.repeat(22);
const FOREIGN_ORIGIN = 'https://evil.example';

/** A trace as text, every byte array read as Latin-1: a secret anywhere in it shows as itself. */
function traceText(events: readonly TimelineEvent[]): string {
  const latin1 = new TextDecoder('latin1');
  return JSON.stringify(events, (_key, value: unknown) => (value instanceof Uint8Array ? latin1.decode(value) : value));
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One client: its connection, every JSON message it received, and how it closed. */
class Client {
  readonly received: Message[] = [];
  close: CloseEvent | undefined;
  errored = false;

  constructor(readonly connection: Connection) {
    const { socket } = connection;
    socket.addEventListener('message', (event) => {
      const data = (event as MessageEvent<unknown>).data;
      if (typeof data === 'string')
        this.received.push(data.startsWith('{') ? (JSON.parse(data) as Message) : { type: 'text', data });
    });
    socket.addEventListener('error', () => (this.errored = true));
    socket.addEventListener('close', (event) => (this.close = event as CloseEvent));
  }

  get events(): readonly TimelineEvent[] {
    return this.connection.trace.events;
  }

  get isOpen(): boolean {
    return this.connection.socket.readyState === WebSocket.OPEN;
  }

  send(message: object | string): void {
    this.connection.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  async opened(): Promise<void> {
    await waitUntil(() => this.isOpen || this.close !== undefined, 'the connection opens', WAIT);
    expect(this.isOpen, 'the connection is open').to.equal(true);
  }

  /** Waits until a received message passes `check`, and returns it. */
  async waitFor(what: string, check: (message: Message) => boolean, wait = WAIT): Promise<Message> {
    await waitUntil(() => this.received.some(check), what, wait);
    return this.received.find(check)!;
  }

  async closed(wait = WAIT): Promise<CloseEvent> {
    await waitUntil(() => this.close !== undefined, 'the page hears close', wait);
    return this.close!;
  }

  /** Waits until the trace holds an event that passes `check`, and returns it. */
  async traced(what: string, check: (event: TimelineEvent) => boolean, wait = WAIT): Promise<TimelineEvent> {
    await waitUntil(() => this.events.some(check), what, wait);
    return this.events.find(check)!;
  }

  /** The server's note for a log line of this event, once it arrives. */
  logged(event: string, wait = WAIT): Promise<TimelineEvent> {
    const start = `server log: {"event":"${event}"`;
    return this.traced(`the server logs ${event}`, (e) => e.type === 'note' && e.text.startsWith(start), wait);
  }

  /**
   * The handshake refused: the page saw only error and 1006, the trace holds
   * the status and the server's reason.
   */
  async refused(status: number): Promise<string> {
    const response = await this.traced(`the handshake is answered ${status}`, (e) => e.type === 'handshake-response');
    expect(response.type === 'handshake-response' && response.status).to.equal(status);
    const close = await this.closed();
    expect([close.code, close.reason, close.wasClean, this.errored]).to.deep.equal([1006, '', false, true]);
    const note = await this.traced('the server says why', (e) => e.type === 'note' && e.at >= response.at);
    return note.type === 'note' ? note.text : '';
  }

  /** The close frame the server sent: its code and reason. */
  async serverCloseFrame(wait = WAIT): Promise<{ code: number; reason: string }> {
    const isClose = (e: TimelineEvent): boolean =>
      e.type === 'frame' && e.from === Side.server && e.frame.opcode === Opcode.close;
    const frame = await this.traced('the server sends a close frame', isClose, wait);
    if (frame.type !== 'frame') throw new Error('not a frame');
    return decodeClosePayload(frame.frame.payload);
  }

  end(): void {
    if (this.connection.socket.readyState <= WebSocket.OPEN) this.connection.socket.close(1000);
    this.connection.release();
  }
}

// The live server's session cookie lives in the browser the other test files share: none outlives a test here.
afterEach(async () => {
  await executeServerCommand('clear-cookies');
});

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the security endpoints in ${mode} mode`, () => {
    let base: string;
    let wire: AuthWire;
    let clients: Client[] = [];
    let unique: string;

    const open = (target: string, extra: { protocols?: string[]; origin?: string } = {}): Client => {
      const client = new Client(connect(target, { mode, serverUrl: base, ...extra }));
      clients.push(client);
      return client;
    };

    /** Signs a fresh user in and returns the access token; the session cookie stays with the browser (or the jar). */
    const signedIn = async (role: Role = Role.member, tokenLifetimeMs?: number, name = `ada-${unique}`) => {
      const outcome = await signIn(wire, { name, role, tokenLifetimeMs });
      if (!outcome.ok) throw new Error(`sign-in failed: ${outcome.message}`);
      return outcome.answer;
    };

    const ticketFor = async (token: string, ttlMs?: number): Promise<string> => {
      const outcome = await requestTicket(wire, token, ttlMs);
      if (!outcome.ok) throw new Error(`no ticket: ${outcome.message}`);
      return outcome.answer.ticket;
    };

    before(async () => {
      base = await serverUrl('live-server-url');
      wire = { mode, serverUrl: base };
    });

    beforeEach(async () => {
      unique = Math.random().toString(36).slice(2, 10);
      // Each test starts signed out: the page's jar emptied, or the browser's cookies cleared (an HttpOnly
      // cookie is out of a script's reach). The two jars never mix: each wire reads only its own.
      if (mode === ConnectionMode.simulated) forgetSimulatedCookies();
      else await executeServerCommand('clear-cookies');
    });

    afterEach(() => {
      // Whatever the test did, no trace holds a ticket, a token or a session id: only their starred forms.
      for (const client of clients) {
        const url = redactSecrets(client.connection.socket.url);
        expect(containsSecret(traceText(client.events)), `a secret in the trace of ${url}`).to.equal(false);
        client.end();
      }
      clients = [];
    });

    it('signs in: a token in the answer, the session in an HttpOnly cookie no script reads', async () => {
      const answer = await signedIn(Role.reader, 5000);
      expect(answer.user).to.equal(`ada-${unique}`);
      expect(answer.role).to.equal(Role.reader);
      expect(answer.token).to.match(/^wsp_at_[A-Za-z0-9_-]{22}$/);
      expect(answer.tokenExpiresInMs).to.be.within(1, 5000);
      expect(answer.sessionExpiresInMs).to.equal(600_000);
      expect(document.cookie).not.to.contain(SESSION_COOKIE);
      if (mode === ConnectionMode.simulated) {
        const [cookie] = pageCookies.sentTo(httpUrl(base, '/secure'));
        expect(cookie?.name).to.equal(SESSION_COOKIE);
        expect(cookie?.value).to.match(/^wsp_ss_[A-Za-z0-9_-]{22}$/);
        expect([cookie?.httpOnly, cookie?.sameSite, cookie?.path]).to.deep.equal([true, 'Strict', '/']);
      }
      const junk = await signIn(wire, { name: '<script>', role: Role.member });
      expect(junk.ok).to.equal(false);
      if (!junk.ok) expect(junk.status).to.equal(400);
      if (!junk.ok) expect(junk.message).to.contain('"name" must be 1 to 24 letters');
    });

    it('admits the session cookie the sign-in set, which the browser sends by itself', async () => {
      await signedIn();
      const client = open('/secure?auth=cookie');
      const welcome = await client.waitFor('welcome', (message) => message.type === 'welcome');
      expect([welcome.user, welcome.role, welcome.via]).to.deep.equal([`ada-${unique}`, Role.member, 'cookie']);
      const request = await client.traced('the request', (e) => e.type === 'handshake-request');
      const cookie = request.type === 'handshake-request' ? request.headers.find(([name]) => name === 'Cookie') : [];
      expect(cookie?.[1], 'the cookie travelled, and the trace hides it').to.equal('[redacted]');
      await client.logged('authenticated');
    });

    it('refuses a handshake with no session cookie with 401', async () => {
      const reason = await open('/secure?auth=cookie').refused(401);
      expect(reason).to.equal(`no ${SESSION_COOKIE} cookie: sign in first (POST /login sets it)`);
    });

    it('admits a ticket once; the same ticket again is refused with 403 and says it was used', async () => {
      const { token } = await signedIn();
      const ticket = await ticketFor(token);
      expect(ticket).to.match(/^wsp_tk_[A-Za-z0-9_-]{22}$/);
      const first = open(`/secure?auth=ticket&ticket=${ticket}`);
      const welcome = await first.waitFor('welcome', (message) => message.type === 'welcome');
      expect(welcome.via).to.equal('ticket');
      const request = await first.traced('the request', (e) => e.type === 'handshake-request');
      expect(request.type === 'handshake-request' && request.path).to.contain(`ticket=wsp_tk_${STARS}`);
      const again = open(`/secure?auth=ticket&ticket=${ticket}`);
      expect(await again.refused(403)).to.equal(
        'ticket already used: a ticket opens one connection; ask POST /ticket for another',
      );
    });

    it('refuses an expired ticket with 403', async () => {
      const { token } = await signedIn();
      const ticket = await ticketFor(token, 1000);
      await pause(1300);
      expect(await open(`/secure?auth=ticket&ticket=${ticket}`).refused(403)).to.equal(
        'ticket expired: tickets live for seconds; ask POST /ticket for a fresh one',
      );
    });

    it('refuses a missing ticket with 401, and a ticket request with no token with 401', async () => {
      expect(await open('/secure?auth=ticket').refused(401)).to.equal(
        'ticket is required with auth=ticket: ask POST /ticket for one',
      );
      const outcome = await requestTicket(wire, undefined);
      expect(outcome.ok).to.equal(false);
      if (!outcome.ok) expect(outcome.status).to.equal(401);
    });

    it('refuses a page on another site with 403, its cookie or not', async () => {
      await signedIn();
      if (mode === ConnectionMode.simulated) {
        const attacker = open('/secure?auth=cookie', { origin: FOREIGN_ORIGIN });
        expect(await attacker.refused(403)).to.match(/^Origin not allowed: /);
        const request = await attacker.traced('the request', (e) => e.type === 'handshake-request');
        // SameSite=Strict: the browser does not send the session cookie from another site's page.
        expect(request.type === 'handshake-request' && request.headers.map(([name]) => name)).not.to.include('Cookie');
        expect(request.type === 'handshake-request' && request.headers).to.deep.include(['Origin', FOREIGN_ORIGIN]);
        return;
      }
      // A page cannot claim another origin; a script can (and has no cookie): the allowlist answers first.
      const url = `${base}/secure?auth=cookie`;
      expect(await executeServerCommand('forged-handshake', { url, origin: FOREIGN_ORIGIN })).to.equal(403);
      expect(await executeServerCommand('forged-handshake', { url, origin: window.location.origin })).to.equal(401);
      // POST /login answers a page on a site not allowed with 403 and no CORS headers: the page may not read it.
      const strict = await signIn(
        { mode, serverUrl: await serverUrl('strict-server-url') },
        { name: 'ada', role: Role.member },
      );
      expect(strict.ok).to.equal(false);
      if (!strict.ok) expect(strict.message).to.contain('refused this page');
    });

    it(`answers a token in Sec-WebSocket-Protocol with "${BEARER_PROTOCOL}" alone, never the token`, async () => {
      const { token } = await signedIn();
      const client = open('/secure?auth=protocol', { protocols: [BEARER_PROTOCOL, token] });
      await client.opened();
      expect(client.connection.socket.protocol).to.equal(BEARER_PROTOCOL);
      const welcome = await client.waitFor('welcome', (message) => message.type === 'welcome');
      expect(welcome.via).to.equal('protocol');
      const response = await client.traced('the 101', (e) => e.type === 'handshake-response');
      expect(response.type === 'handshake-response' && response.headers).to.deep.include([
        'Sec-WebSocket-Protocol',
        BEARER_PROTOCOL,
      ]);
      const request = await client.traced('the request', (e) => e.type === 'handshake-request');
      expect(request.type === 'handshake-request' && request.headers).to.deep.include([
        'Sec-WebSocket-Protocol',
        `${BEARER_PROTOCOL}, wsp_at_${STARS}`,
      ]);

      const alone = open('/secure?auth=protocol', { protocols: [token] });
      expect(await alone.refused(400)).to.contain('this server never echoes a token');
      expect(await open('/secure?auth=protocol', { protocols: [BEARER_PROTOCOL] }).refused(401)).to.contain(
        'needs a token',
      );
    });

    it('takes the token in the first message, and stars it in the trace', async () => {
      const { token } = await signedIn();
      const client = open('/secure?auth=message');
      await client.opened();
      client.send({ type: 'auth', token });
      const welcome = await client.waitFor('welcome', (message) => message.type === 'welcome');
      expect(welcome.via).to.equal('message');
      const sent = await client.traced('the auth frame', (e) => e.type === 'frame' && e.from === Side.client);
      expect(sent.type === 'frame' && sent.redacted).to.equal(true);
      expect(sent.type === 'frame' && new TextDecoder().decode(sent.frame.payload)).to.equal(
        `{"type":"auth","token":"wsp_at_${STARS}"}`,
      );
    });

    it(`closes with 1008 when no credentials come within ${AUTH_DEADLINE_MS / 1000} s`, async () => {
      const client = open('/secure?auth=message');
      await client.opened();
      const close = await client.closed(SLOW_WAIT);
      expect([close.code, close.reason, close.wasClean]).to.deep.equal([1008, 'no credentials within 3 s', true]);
      await client.logged('auth-timeout');
    });

    it('keeps a connection past its token’s expiry when the client re-authenticates over it', async function () {
      this.timeout(20_000);
      const { token } = await signedIn(Role.member, 3000);
      const client = open('/secure?auth=protocol', { protocols: [BEARER_PROTOCOL, token] });
      const welcome = await client.waitFor('welcome', (message) => message.type === 'welcome');
      const expiresAt = performance.now() + Number(welcome.expiresInMs);
      await client.waitFor('the warning', (message) => message.type === 'expiring', SLOW_WAIT);
      const fresh = await signedIn(Role.member, 60_000);
      client.send({ type: 'auth', token: fresh.token });
      const renewed = await client.waitFor('re-authenticated', (message) => message.type === 'reauthenticated');
      expect(Number(renewed.expiresInMs)).to.be.above(10_000);
      await pause(expiresAt + 1000 - performance.now());
      expect(client.isOpen, 'still open past the first token’s expiry').to.equal(true);
      expect(client.close).to.equal(undefined);
      await client.logged('reauthenticated');
    });

    it(`warns, then closes with ${CLOSE_CREDENTIALS_EXPIRED} when the token expires and no fresh one comes`, async function () {
      this.timeout(20_000);
      const { token } = await signedIn(Role.member, 3000);
      const client = open('/secure?auth=protocol', { protocols: [BEARER_PROTOCOL, token] });
      await client.waitFor('welcome', (message) => message.type === 'welcome');
      const close = await client.closed(SLOW_WAIT);
      expect([close.code, close.reason, close.wasClean]).to.deep.equal([
        CLOSE_CREDENTIALS_EXPIRED,
        'credentials expired',
        true,
      ]);
      expect(client.received.map((message) => message.type)).to.deep.equal(['welcome', 'expiring']);
      await client.logged('credentials-expired');
    });

    it('refuses a reader’s post with an error and keeps the connection open', async () => {
      const { token } = await signedIn(Role.reader, undefined, `rea-${unique}`);
      const reader = open('/secure?auth=protocol', { protocols: [BEARER_PROTOCOL, token] });
      await reader.waitFor('welcome', (message) => message.type === 'welcome');
      reader.send({ type: 'post', text: 'hello' });
      const error = await reader.waitFor('refused', (message) => message.type === 'error');
      expect(error.reason).to.equal(`rea-${unique} signed in as a reader: readers may read, not post`);
      await reader.logged('post-refused');
      expect(reader.isOpen).to.equal(true);

      const member = await signedIn(Role.member);
      const writer = open('/secure?auth=protocol', { protocols: [BEARER_PROTOCOL, member.token] });
      await writer.waitFor('welcome', (message) => message.type === 'welcome');
      writer.send({ type: 'post', text: 'hello' });
      const posted = await writer.waitFor('posted', (message) => message.type === 'posted');
      expect([posted.by, posted.text]).to.deep.equal([`ada-${unique}`, 'hello']);
    });

    it(`closes a message over ${LESSON_LIMITS.maxMessageBytes} bytes with 1009`, async () => {
      const client = open(`/limited?group=size-${unique}`);
      await client.opened();
      client.send('fits');
      await client.waitFor('the echo', (message) => message.data === 'fits');
      client.send('x'.repeat(LESSON_LIMITS.maxMessageBytes + 1));
      const close = await client.closed();
      expect([close.code, close.reason, close.wasClean]).to.deep.equal([
        1009,
        'message of 1025 bytes: the limit is 1024',
        true,
      ]);
      const note = await client.logged('too-big');
      expect(note.type === 'note' && note.text).to.equal('server log: {"event":"too-big","size":1025,"limit":1024}');
    });

    it(`closes more than ${LESSON_LIMITS.messagesPerSecond} messages in a second with 1008`, async () => {
      const client = open(`/limited?group=rate-${unique}`);
      await client.opened();
      for (let i = 0; i <= LESSON_LIMITS.messagesPerSecond; i++) client.send(`m${i}`);
      const close = await client.closed();
      expect([close.code, close.reason, close.wasClean]).to.deep.equal([
        1008,
        'more than 5 messages in a second',
        true,
      ]);
      await client.logged('rate-limited');
    });

    it(`refuses connection ${LESSON_LIMITS.connectionsPerGroup + 1} of a group with 503`, async () => {
      const group = `conn-${unique}`;
      const three = [1, 2, 3].map(() => open(`/limited?group=${group}`));
      for (const client of three) await client.opened();
      expect(await open(`/limited?group=${group}`).refused(503)).to.equal(
        `group ${group} already has 3 connections open: 3 is the limit`,
      );
    });

    it('closes a reader that stops reading with 1008 rather than buffer for it', async () => {
      const client = new Client(openSlowReader(`/limited?group=slow-${unique}`, { mode, serverUrl: base }));
      clients.push(client);
      const note = await client.logged('slow-reader', SLOW_WAIT);
      const fields = JSON.parse((note.type === 'note' ? note.text : '').replace('server log: ', '')) as Message;
      expect(fields.limit).to.equal(LESSON_LIMITS.sendBufferBytes);
      expect(Number(fields.buffered)).to.be.above(LESSON_LIMITS.sendBufferBytes);
      expect(await client.serverCloseFrame()).to.deep.equal({
        code: 1008,
        reason: 'reading too slowly: over 65536 bytes waiting',
      });
      // It read nothing: the page's WebSocket never heard a message.
      expect(client.received).to.deep.equal([]);
    });
  });
}
