import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containsSecret, newSecret, cryptoRandom, utf8Length } from '../../src/protocol/index.ts';
import { decideHandshake, refusalResponse } from '../../src/service/gatekeeper.ts';
import { AUTH_DEADLINE_MS, BEARER_PROTOCOL, CLOSE_CREDENTIALS_EXPIRED } from '../../src/service/security-messages.ts';
import { createService, type PlaygroundService } from '../../src/service/service.ts';
import { createMemoryTicketStore, type TicketStore } from '../../src/service/tickets.ts';
import { connectLater, handshake, refusalLater } from './helpers/connect.ts';
import { createFakeClock, type FakeClock } from './helpers/fake-clock.ts';
import type { RecordingPeer } from './helpers/recording-peer.ts';
import { buyTicket, signIn } from './helpers/sign-in.ts';

/** Every peer a test opened, to check at the end that none was told a secret where it must not be. */
const peers: RecordingPeer[] = [];

function setup(options: { tickets?: TicketStore } = {}): { clock: FakeClock; service: PlaygroundService } {
  const clock = createFakeClock();
  return { clock, service: createService({ clock, ...options }) };
}

async function open(service: PlaygroundService, target: string, info = handshake('http://localhost:5173')) {
  const connection = await connectLater(service, target, info);
  peers.push(connection.peer);
  return connection;
}

const closes = (peer: RecordingPeer) => peer.actions.filter((action) => action.kind === 'close');

describe('/secure admission', () => {
  it('asks which way the client authenticates', async () => {
    const { service } = setup();
    assert.deepEqual(await refusalLater(service, '/secure'), {
      status: 400,
      reason: 'auth is required: one of cookie, ticket, protocol, message',
    });
    assert.equal((await refusalLater(service, '/secure?auth=password')).status, 400);
  });

  it('never repeats a secret in a refusal, even one put where it does not belong', async () => {
    const { service } = setup();
    const token = newSecret('token', cryptoRandom);
    const refused = await refusalLater(service, `/secure?auth=${token}`);
    assert.equal(refused.status, 400);
    assert.ok(!containsSecret(refused.reason), refused.reason);
  });
});

describe('/secure?auth=cookie', () => {
  it('admits the session cookie from POST /login and welcomes the user by it', async () => {
    const { service } = setup();
    const { cookie } = await signIn(service, 'ada', 'member');
    const { peer } = await open(service, '/secure?auth=cookie', handshake('http://localhost:5173', { cookie }));
    assert.deepEqual(peer.json(), [
      { type: 'welcome', user: 'ada', role: 'member', via: 'cookie', expiresInMs: 600_000 },
    ]);
    assert.deepEqual(peer.logs, [{ event: 'authenticated', fields: { user: 'ada', role: 'member', via: 'cookie' } }]);
  });

  it('refuses a missing cookie with 401, an unknown or expired one with 403', async () => {
    const { clock, service } = setup();
    const { session } = await signIn(service, 'ada', 'member');
    assert.deepEqual(
      await refusalLater(service, '/secure?auth=cookie', handshake(undefined, { cookie: 'theme=dark' })),
      {
        status: 401,
        reason: 'no wsp_session cookie: sign in first (POST /login sets it)',
      },
    );
    assert.equal((await refusalLater(service, '/secure?auth=cookie')).status, 401);
    const other = newSecret('session', cryptoRandom);
    assert.deepEqual(
      await refusalLater(service, '/secure?auth=cookie', handshake(undefined, { cookie: `wsp_session=${other}` })),
      {
        status: 403,
        reason: 'session unknown: sign in again',
      },
    );
    clock.advance(600_000);
    assert.deepEqual(
      await refusalLater(service, '/secure?auth=cookie', handshake(undefined, { cookie: `wsp_session=${session}` })),
      { status: 403, reason: 'session expired: sign in again' },
    );
  });

  it('reads the cookie from the handshake’s Cookie header through the gatekeeper', async () => {
    const { service } = setup();
    const { session } = await signIn(service, 'ada', 'member');
    const decision = await decideHandshake(
      upgrade('/secure?auth=cookie', { cookie: `a=1; wsp_session=${session}` }),
      service,
      undefined,
    );
    assert.ok(decision.ok);
    const refused = await decideHandshake(upgrade('/secure?auth=cookie', {}), service, undefined);
    assert.ok(!refused.ok);
    assert.equal(refused.status, 401);
    assert.equal(refused.statusText, 'Unauthorized');
    assert.match(refusalResponse(refused).body, /no wsp_session cookie/);
  });
});

describe('/secure?auth=ticket', () => {
  it('admits a ticket once: a second use is refused with 403, saying it was used', async () => {
    const { service } = setup();
    const { token } = await signIn(service, 'ada', 'reader', 20_000);
    const ticket = await buyTicket(service, token);
    const { peer } = await open(service, `/secure?auth=ticket&ticket=${ticket}`);
    assert.deepEqual(peer.json(), [
      { type: 'welcome', user: 'ada', role: 'reader', via: 'ticket', expiresInMs: 20_000 },
    ]);
    assert.deepEqual(await refusalLater(service, `/secure?auth=ticket&ticket=${ticket}`), {
      status: 403,
      reason: 'ticket already used: a ticket opens one connection; ask POST /ticket for another',
    });
  });

  it('refuses an expired ticket, an unknown one (403) and a missing one (401)', async () => {
    const { clock, service } = setup();
    const { token } = await signIn(service, 'ada', 'member', 600_000);
    const ticket = await buyTicket(service, token, 5000);
    clock.advance(5000);
    assert.deepEqual(await refusalLater(service, `/secure?auth=ticket&ticket=${ticket}`), {
      status: 403,
      reason: 'ticket expired: tickets live for seconds; ask POST /ticket for a fresh one',
    });
    assert.deepEqual(await refusalLater(service, `/secure?auth=ticket&ticket=${newSecret('ticket', cryptoRandom)}`), {
      status: 403,
      reason: 'ticket unknown: it was never issued, or is long gone; ask POST /ticket for one',
    });
    assert.equal((await refusalLater(service, '/secure?auth=ticket&ticket=guess')).status, 403);
    assert.deepEqual(await refusalLater(service, '/secure?auth=ticket'), {
      status: 401,
      reason: 'ticket is required with auth=ticket: ask POST /ticket for one',
    });
  });

  it('refuses a fresh ticket whose token has expired meanwhile', async () => {
    const { clock, service } = setup();
    const { token } = await signIn(service, 'ada', 'member', 3000);
    const ticket = await buyTicket(service, token, 10_000);
    clock.advance(3000);
    assert.deepEqual(await refusalLater(service, `/secure?auth=ticket&ticket=${ticket}`), {
      status: 403,
      reason: 'the token behind this ticket has expired: sign in again',
    });
  });

  it('stores nothing for 10,000 wrong tickets, and a good ticket still opens', async () => {
    const clock = createFakeClock();
    const tickets = createMemoryTicketStore(cryptoRandom);
    const service = createService({ clock, tickets });
    const { token } = await signIn(service, 'ada', 'member');
    const good = await buyTicket(service, token);
    const size = tickets.size;
    for (let i = 0; i < 10_000; i++) {
      const wrong = i % 2 === 0 ? newSecret('ticket', cryptoRandom) : 'x'.repeat(i % 200);
      assert.equal((await refusalLater(service, `/secure?auth=ticket&ticket=${wrong}`)).status, 403);
    }
    assert.equal(tickets.size, size);
    await open(service, `/secure?auth=ticket&ticket=${good}`);
  });

  it('answers 503 when the ticket store cannot be reached', async () => {
    const down: TicketStore = { issue: async () => undefined, redeem: () => Promise.reject(new Error('down')) };
    const { service } = setup({ tickets: down });
    const refused = await refusalLater(service, `/secure?auth=ticket&ticket=${newSecret('ticket', cryptoRandom)}`);
    assert.deepEqual(refused, { status: 503, reason: 'the ticket store is unreachable: try again shortly' });
  });
});

/** A browser's upgrade request for `target`. */
function upgrade(target: string, extra: { protocol?: string; cookie?: string }) {
  return {
    target,
    method: 'GET',
    httpVersion: '1.1',
    headers: {
      host: 'localhost',
      upgrade: 'websocket',
      connection: 'Upgrade',
      'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'sec-websocket-version': '13',
      ...(extra.protocol !== undefined && { 'sec-websocket-protocol': extra.protocol }),
      ...(extra.cookie !== undefined && { cookie: extra.cookie }),
    },
  };
}

describe('/secure?auth=protocol', () => {
  it('admits a token offered beside wsp.bearer, and the 101 answers wsp.bearer, never the token', async () => {
    const { service } = setup();
    const { token } = await signIn(service, 'ada', 'member');
    const decision = await decideHandshake(
      upgrade('/secure?auth=protocol', { protocol: `${BEARER_PROTOCOL}, ${token}` }),
      service,
      undefined,
    );
    assert.ok(decision.ok);
    assert.equal(decision.protocol, BEARER_PROTOCOL);
    assert.deepEqual(
      decision.response.headers.find(([name]) => name === 'Sec-WebSocket-Protocol'),
      ['Sec-WebSocket-Protocol', BEARER_PROTOCOL],
    );
    assert.ok(!JSON.stringify(decision.response.headers).includes(token));
    const { peer } = await open(
      service,
      '/secure?auth=protocol',
      handshake(undefined, { protocols: [token, BEARER_PROTOCOL] }),
    );
    assert.equal((peer.json()[0] as { via: string }).via, 'protocol');
  });

  it('refuses a token offered without wsp.bearer with 400 rather than echo it', async () => {
    const { service } = setup();
    const { token } = await signIn(service, 'ada', 'member');
    // checkUpgradeRequest alone would answer 101 with no subprotocol (it speaks none of those offered),
    // which a browser fails; /secure refuses first, in words.
    for (const target of ['/secure?auth=protocol', '/secure?auth=cookie']) {
      const decision = await decideHandshake(upgrade(target, { protocol: token }), service, undefined);
      assert.ok(!decision.ok);
      assert.equal(decision.status, 400);
      assert.equal(
        decision.reason,
        'a token was offered in Sec-WebSocket-Protocol without "wsp.bearer": the server must answer with an offered value, and this server never echoes a token',
      );
      assert.ok(!refusalResponse(decision).body.includes(token));
    }
  });

  it('refuses no token with 401, an unknown or expired one with 403, two tokens with 400', async () => {
    const { clock, service } = setup();
    const { token } = await signIn(service, 'ada', 'member', 3000);
    const bearerOnly = await refusalLater(
      service,
      '/secure?auth=protocol',
      handshake(undefined, { protocols: [BEARER_PROTOCOL] }),
    );
    assert.deepEqual(bearerOnly, {
      status: 401,
      reason: 'auth=protocol needs a token offered in Sec-WebSocket-Protocol beside "wsp.bearer"',
    });
    const other = newSecret('token', cryptoRandom);
    assert.deepEqual(
      await refusalLater(
        service,
        '/secure?auth=protocol',
        handshake(undefined, { protocols: [BEARER_PROTOCOL, other] }),
      ),
      { status: 403, reason: 'token unknown: sign in again' },
    );
    assert.equal(
      (
        await refusalLater(
          service,
          '/secure?auth=protocol',
          handshake(undefined, { protocols: [BEARER_PROTOCOL, token, other] }),
        )
      ).status,
      400,
    );
    clock.advance(3000);
    assert.deepEqual(
      await refusalLater(
        service,
        '/secure?auth=protocol',
        handshake(undefined, { protocols: [BEARER_PROTOCOL, token] }),
      ),
      { status: 403, reason: 'token expired: sign in again' },
    );
  });
});

describe('/secure?auth=message', () => {
  it('admits without credentials and welcomes the first message’s token', async () => {
    const { clock, service } = setup();
    const { token } = await signIn(service, 'ada', 'member', 30_000);
    const { peer, session } = await open(service, '/secure?auth=message');
    assert.deepEqual(peer.actions, []);
    clock.advance(1000);
    session.message(JSON.stringify({ type: 'auth', token }));
    assert.deepEqual(peer.json(), [
      { type: 'welcome', user: 'ada', role: 'member', via: 'message', expiresInMs: 29_000 },
    ]);
    clock.advance(AUTH_DEADLINE_MS);
    assert.deepEqual(closes(peer), []);
  });

  it('closes with 1008 when no credentials come within 3 s, and logs why', async () => {
    const { clock, service } = setup();
    const { peer } = await open(service, '/secure?auth=message');
    clock.advance(AUTH_DEADLINE_MS - 1);
    assert.deepEqual(peer.actions, []);
    clock.advance(1);
    assert.deepEqual(peer.actions, [
      { kind: 'log', event: 'auth-timeout', fields: { via: 'message', limitMs: 3000 } },
      { kind: 'close', code: 1008, reason: 'no credentials within 3 s' },
    ]);
    assert.equal(clock.pending, 0);
  });

  it('closes with 1008 on a first message that is not auth, or a bad token', async () => {
    const { service } = setup();
    const firsts: [string | Uint8Array, string][] = [
      ['hello', 'first message must be {"type":"auth","token":"wsp_at_…"}'],
      ['{"type":"post","text":"hi"}', 'first message must be {"type":"auth","token":"wsp_at_…"}'],
      ['{"type":"auth"}', 'first message must be {"type":"auth","token":"wsp_at_…"}'],
      [new Uint8Array([1, 2]), 'first message must be {"type":"auth","token":"wsp_at_…"}'],
      [JSON.stringify({ type: 'auth', token: newSecret('token', cryptoRandom) }), 'token unknown: sign in again'],
    ];
    for (const [data, reason] of firsts) {
      const { peer, session } = await open(service, '/secure?auth=message');
      session.message(data);
      assert.deepEqual(closes(peer), [{ kind: 'close', code: 1008, reason }]);
      assert.deepEqual(peer.logs, [{ event: 'auth-failed', fields: { via: 'message', why: reason } }]);
      session.message('{"type":"auth","token":"x"}');
      assert.equal(peer.actions.length, 2, 'nothing after the close');
    }
  });
});

describe('/secure: expiry on an open connection', () => {
  it('warns before the token expires, then closes with 4001 unless re-authenticated', async () => {
    const { clock, service } = setup();
    const { token } = await signIn(service, 'ada', 'member', 20_000);
    const { peer } = await open(
      service,
      '/secure?auth=protocol',
      handshake(undefined, { protocols: [BEARER_PROTOCOL, token] }),
    );
    peer.clear();
    clock.advance(14_999);
    assert.deepEqual(peer.actions, []);
    clock.advance(1);
    assert.deepEqual(peer.json(), [{ type: 'expiring', inMs: 5000 }]);
    clock.advance(5000);
    assert.deepEqual(peer.actions.slice(1), [
      { kind: 'log', event: 'credentials-expired', fields: { user: 'ada', code: 4001 } },
      { kind: 'close', code: CLOSE_CREDENTIALS_EXPIRED, reason: 'credentials expired' },
    ]);
    assert.equal(clock.pending, 0);
  });

  it('warns at half the time left when that is under 5 s', async () => {
    const { clock, service } = setup();
    const { token } = await signIn(service, 'ada', 'member', 3000);
    const connection = await open(
      service,
      '/secure?auth=protocol',
      handshake(undefined, { protocols: [BEARER_PROTOCOL, token] }),
    );
    connection.peer.clear();
    clock.advance(1500);
    assert.deepEqual(connection.peer.json(), [{ type: 'expiring', inMs: 1500 }]);
    clock.advance(1500);
    assert.equal(closes(connection.peer)[0]?.code, 4001);
  });

  it('lives on after a fresh token for the same user: no 4001 at the old expiry', async () => {
    const { clock, service } = setup();
    const first = await signIn(service, 'ada', 'member', 10_000);
    const { peer, session } = await open(service, '/secure?auth=message');
    session.message(JSON.stringify({ type: 'auth', token: first.token }));
    clock.advance(5000);
    assert.deepEqual(peer.json().at(-1), { type: 'expiring', inMs: 5000 });
    const fresh = await signIn(service, 'ada', 'member', 60_000);
    session.message(JSON.stringify({ type: 'auth', token: fresh.token }));
    assert.deepEqual(peer.json().at(-1), { type: 'reauthenticated', expiresInMs: 60_000 });
    assert.deepEqual(peer.logs.at(-1), { event: 'reauthenticated', fields: { user: 'ada', role: 'member' } });
    clock.advance(5000);
    assert.deepEqual(closes(peer), []);
    clock.advance(54_999);
    assert.deepEqual(closes(peer), []);
    clock.advance(1);
    assert.equal(closes(peer)[0]?.code, 4001);
  });

  it('refuses a re-authentication with another user’s token or a bad one, and stays open', async () => {
    const { service } = setup();
    const ada = await signIn(service, 'ada', 'member', 10_000);
    const bob = await signIn(service, 'bob', 'member', 60_000);
    const { peer, session } = await open(service, '/secure?auth=message');
    session.message(JSON.stringify({ type: 'auth', token: ada.token }));
    peer.clear();
    session.message(JSON.stringify({ type: 'auth', token: bob.token }));
    session.message(JSON.stringify({ type: 'auth', token: newSecret('token', cryptoRandom) }));
    session.message('{"type":"auth","token":5}');
    assert.deepEqual(peer.json(), [
      { type: 'error', reason: 'that token is for another user: re-authentication keeps the user' },
      { type: 'error', reason: 'token unknown: sign in again' },
      { type: 'error', reason: '"token" must be a string; got 5' },
    ]);
    assert.deepEqual(closes(peer), []);
  });
});

describe('/secure: what each may do, checked on every message', () => {
  it('refuses a reader’s post with an error and keeps the connection open', async () => {
    const { service } = setup();
    const { cookie } = await signIn(service, 'rita', 'reader');
    const { peer, session } = await open(service, '/secure?auth=cookie', handshake(undefined, { cookie }));
    peer.clear();
    session.message('{"type":"post","text":"hello"}');
    session.message('{"type":"post","text":"again"}');
    assert.deepEqual(peer.json(), [
      { type: 'error', reason: 'rita signed in as a reader: readers may read, not post' },
      { type: 'error', reason: 'rita signed in as a reader: readers may read, not post' },
    ]);
    assert.deepEqual(peer.logs[0], { event: 'post-refused', fields: { user: 'rita', role: 'reader' } });
    assert.deepEqual(closes(peer), []);
  });

  it('accepts a member’s post', async () => {
    const { service } = setup();
    const { cookie } = await signIn(service, 'ada', 'member');
    const { peer, session } = await open(service, '/secure?auth=cookie', handshake(undefined, { cookie }));
    peer.clear();
    session.message('{"type":"post","text":"hello"}');
    session.message('{"type":"post","text":""}');
    assert.deepEqual(peer.json(), [
      { type: 'posted', by: 'ada', text: 'hello' },
      { type: 'error', reason: '"text" must be a string of 1 to 280 characters; got 0 characters' },
    ]);
  });

  it('answers junk with an error and stays open', async () => {
    const { service } = setup();
    const { cookie } = await signIn(service, 'ada', 'member');
    const { peer, session } = await open(service, '/secure?auth=cookie', handshake(undefined, { cookie }));
    peer.clear();
    session.message('{nope');
    session.message('{"type":"delete"}');
    session.message(new Uint8Array(3));
    const reasons = peer.json().map((message) => (message as { reason: string }).reason);
    assert.match(reasons[0], /^that message is not JSON; \/secure understands/);
    assert.match(reasons[1], /^unknown message type "delete"; \/secure understands/);
    assert.match(reasons[2], /^got a binary message of 3 bytes/);
    assert.deepEqual(closes(peer), []);
  });

  it('stars a secret a client puts in a message type rather than repeat it', async () => {
    const { service } = setup();
    const { cookie, token } = await signIn(service, 'ada', 'member');
    const { peer, session } = await open(service, '/secure?auth=cookie', handshake(undefined, { cookie }));
    peer.clear();
    session.message(JSON.stringify({ type: token }));
    assert.ok(!containsSecret(String(peer.sent[0])), String(peer.sent[0]));
  });
});

describe('/secure never gives a secret away', () => {
  it('in no log line, close reason or message it sent, and every close reason fits a close frame', () => {
    assert.ok(peers.length > 10);
    for (const peer of peers) {
      for (const action of peer.actions) {
        if (action.kind === 'log') assert.ok(!containsSecret(JSON.stringify(action.fields)), action.event);
        if (action.kind === 'close') {
          assert.ok(!containsSecret(action.reason ?? ''));
          assert.ok(utf8Length(action.reason ?? '') <= 123, action.reason);
        }
        if (action.kind === 'send') assert.ok(typeof action.data !== 'string' || !containsSecret(action.data));
      }
    }
  });
});
