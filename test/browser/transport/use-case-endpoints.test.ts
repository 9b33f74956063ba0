import { expect, waitUntil } from '@open-wc/testing';
import type {
  AlertMessage,
  CollabEditedMessage,
  CollabItem,
  CollabServerMessage,
  GameTickMessage,
  TickMessage,
} from '../../../src/service/json-messages.ts';
import { connect, type Connection } from '../../../src/transport/connect.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { serverUrl } from '../helpers/live-servers.ts';
import { WAIT } from '../helpers/lesson-helpers.ts';

/**
 * The use-case endpoints (/chat, /ticker, /notify, /collab, /game) with
 * several clients at once, on both wires: the page's simulated server and
 * the real one the test runner started.
 */

interface Message {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** One client: its connection and every JSON message it received, in order. */
class Client {
  readonly received: Message[] = [];
  readonly connection: Connection;

  constructor(target: string, mode: ConnectionMode, base: string) {
    this.connection = connect(target, { mode, serverUrl: base });
    this.connection.socket.addEventListener('message', (event) => {
      this.received.push(JSON.parse((event as MessageEvent<string>).data) as Message);
    });
  }

  get open(): boolean {
    return this.connection.socket.readyState === WebSocket.OPEN;
  }

  send(message: object): void {
    this.connection.socket.send(JSON.stringify(message));
  }

  of<T extends Message = Message>(type: string): T[] {
    return this.received.filter((message) => message.type === type) as T[];
  }

  /** Waits until a received message passes `check`, and returns it. */
  async waitFor<T extends Message = Message>(what: string, check: (message: Message) => boolean): Promise<T> {
    await waitUntil(() => this.received.some(check), what, WAIT);
    return this.received.find(check) as T;
  }

  close(): void {
    this.connection.socket.close(1000);
    this.connection.release();
  }
}

const opened = (...clients: Client[]): Promise<void> =>
  waitUntil(() => clients.every((client) => client.open), 'every client opens', WAIT);

/** What a page keeps of a shared document: the list the server's messages build, in order. */
function replica(messages: readonly Message[]): CollabItem[] {
  let items: CollabItem[] = [];
  for (const message of messages as unknown as CollabServerMessage[]) {
    if (message.type === 'welcome') items = [...message.items];
    if (message.type === 'added') items.splice(message.index, 0, message.item);
    if (message.type === 'edited') items = items.map((item) => (item.id === message.item.id ? message.item : item));
    if (message.type === 'deleted') items = items.filter((item) => item.id !== message.id);
  }
  return items;
}

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the use-case endpoints in ${mode} mode`, () => {
    let base: string;
    let clients: Client[] = [];
    let unique: string;

    const join = (target: string): Client => {
      const client = new Client(target, mode, base);
      clients.push(client);
      return client;
    };

    before(async () => {
      base = await serverUrl('live-server-url');
    });

    beforeEach(() => {
      unique = `${mode}-${Math.random().toString(36).slice(2, 10)}`;
    });

    afterEach(() => {
      for (const client of clients) client.close();
      clients = [];
    });

    it('keeps three chat clients in two rooms apart, with member lists and history', async () => {
      const [red, blue] = [`red-${unique}`, `blue-${unique}`];
      const ann = join(`/chat?room=${red}&name=ann`);
      await opened(ann);
      await ann.waitFor('ann is welcomed', (message) => message.type === 'welcome');
      ann.send({ type: 'say', text: 'first <i>line</i>' });
      await ann.waitFor('ann hears her own line', (message) => message.type === 'message');
      const bob = join(`/chat?room=${red}&name=bob`);
      const cy = join(`/chat?room=${blue}&name=cy`);
      const welcome = await bob.waitFor('bob is welcomed', (message) => message.type === 'welcome');
      expect(welcome.members).to.deep.equal(['ann', 'bob']);
      expect((welcome.history as { text: string }[]).map((line) => line.text)).to.deep.equal(['first <i>line</i>']);
      await ann.waitFor('ann hears bob join', (message) => message.type === 'joined' && message.name === 'bob');
      await cy.waitFor('cy is welcomed alone', (message) => message.type === 'welcome');
      expect(cy.of('welcome')[0]?.members).to.deep.equal(['cy']);

      bob.send({ type: 'say', text: 'hi ann' });
      cy.send({ type: 'say', text: 'anyone?' });
      await ann.waitFor('ann gets bob\u2019s line', (message) => message.text === 'hi ann');
      await cy.waitFor('cy gets her own line', (message) => message.text === 'anyone?');
      await bob.waitFor('bob gets his own line', (message) => message.text === 'hi ann');
      expect(ann.of('message').map((line) => line.text)).to.deep.equal(['first <i>line</i>', 'hi ann']);
      expect(cy.of('message').map((line) => line.text)).to.deep.equal(['anyone?']);

      bob.send({ type: 'say', text: 'x'.repeat(1001) });
      const error = await bob.waitFor('bob is told his line is too long', (message) => message.type === 'error');
      expect(error.message).to.equal('"text" must be a string of 1 to 1000 characters; got 1001 characters');
      expect(bob.open).to.equal(true);

      bob.close();
      await ann.waitFor('ann hears bob leave', (message) => message.type === 'left' && message.name === 'bob');
      expect(cy.of('left')).to.deep.equal([]);
    });

    it('ticks with the server\u2019s send time, pauses, resumes and changes the rate', async () => {
      const feed = join('/ticker?topic=prices&every=50');
      await feed.waitFor('a tick', (message) => message.type === 'tick');
      const tick = feed.of<TickMessage & Message>('tick')[0]!;
      expect(tick.seq).to.equal(1);
      expect(Math.abs(Date.now() - tick.sentAt)).to.be.below(5000);
      feed.send({ type: 'pause' });
      await feed.waitFor('paused', (message) => message.type === 'state' && message.paused === true);
      const ticksWhenPaused = feed.of('tick').length;
      feed.send({ type: 'rate', every: 10 });
      await feed.waitFor('a bad rate refused', (message) => message.type === 'error');
      feed.send({ type: 'rate', every: 60 });
      feed.send({ type: 'resume' });
      await feed.waitFor('resumed', (message) => message.type === 'state' && message.paused === false);
      expect(feed.of('state').at(-1)).to.deep.equal({ type: 'state', paused: false, every: 60 });
      await waitUntil(() => feed.of('tick').length >= ticksWhenPaused + 2, 'ticks again', WAIT);
    });

    it('pushes an alert to one named client or to everyone, and survives bad requests', async () => {
      const room = `ops-${unique}`;
      const ann = join(`/notify?name=ann&room=${room}`);
      const bob = join(`/notify?name=bob&room=${room}`);
      await ann.waitFor('bob is listed', (message) => message.type === 'joined' && message.name === 'bob');
      const cy = join(`/notify?name=cy&room=${room}`);
      const welcome = await cy.waitFor('cy is welcomed', (message) => message.type === 'welcome');
      expect(welcome.members).to.deep.equal(['ann', 'bob', 'cy']);

      ann.send({ type: 'notify', to: 'bob', text: 'your build <b>failed</b>', level: 'urgent' });
      const sent = await ann.waitFor('ann is told it went', (message) => message.type === 'sent');
      expect(sent).to.include({ to: 'bob', delivered: 1 });
      const alert = await bob.waitFor<AlertMessage & Message>('bob gets it', (message) => message.type === 'alert');
      expect(alert).to.include({ from: 'ann', to: 'bob', level: 'urgent', text: 'your build <b>failed</b>' });

      ann.send({ type: 'notify', to: 'zed', text: 'hello?' });
      const error = await ann.waitFor('ann hears zed is not here', (message) => message.type === 'error');
      expect(error.message).to.equal(
        `no one called "zed" is connected to room "${room}"; leave out "to" to alert everyone`,
      );
      ann.connection.socket.send('{not json');
      await waitUntil(() => ann.of('error').length === 2, 'bad JSON is answered', WAIT);
      expect(ann.open).to.equal(true);

      ann.send({ type: 'notify', text: 'lunch!' });
      for (const client of [ann, bob, cy]) {
        await client.waitFor('everyone gets it', (message) => message.type === 'alert' && message.text === 'lunch!');
      }
      expect(cy.of('alert').map((message) => message.text)).to.deep.equal(['lunch!']);
      expect(ann.of('sent').at(-1)).to.include({ to: null, delivered: 3 });
    });

    it('brings two editors changing the same item at once to the same list, the last write applied winning', async () => {
      const doc = `doc-${unique}`;
      const ann = join(`/collab?doc=${doc}&name=ann`);
      const bob = join(`/collab?doc=${doc}&name=bob`);
      await ann.waitFor('bob is here', (message) => message.type === 'joined');
      ann.send({ type: 'add', text: 'buy milk', ref: 'a1' });
      const added = await bob.waitFor('bob sees the item', (message) => message.type === 'added');
      const item = added.item as CollabItem;

      // Both edit the item from the same revision, neither having seen the other's change.
      ann.send({ type: 'edit', id: item.id, text: 'buy oat milk', base: item.rev });
      bob.send({ type: 'edit', id: item.id, text: 'buy milk and eggs', base: item.rev });
      await waitUntil(() => ann.of('edited').length === 2 && bob.of('edited').length === 2, 'both edits', WAIT);
      const edits = ann.of<CollabEditedMessage & Message>('edited');
      expect(bob.of('edited')).to.deep.equal(edits);
      const [first, last] = edits as [CollabEditedMessage & Message, CollabEditedMessage & Message];
      expect([first.rev, last.rev]).to.deep.equal([item.rev + 1, item.rev + 2]);
      expect(last.overwrote).to.deep.equal({ by: first.by, rev: first.rev });
      expect(replica(ann.received)).to.deep.equal([last.item]);
      expect(replica(bob.received)).to.deep.equal([last.item]);

      bob.send({ type: 'cursor', item: item.id, start: 4, end: 8 });
      const cursor = await ann.waitFor('ann sees bob\u2019s selection', (message) => message.type === 'cursor');
      expect(cursor).to.deep.equal({ type: 'cursor', name: 'bob', cursor: { item: item.id, start: 4, end: 8 } });

      ann.send({ type: 'delete', id: item.id });
      bob.send({ type: 'edit', id: item.id, text: 'too late', ref: 'b2' });
      const rejected = await bob.waitFor('bob\u2019s late edit is rejected', (message) => message.type === 'rejected');
      expect(rejected).to.include({ action: 'edit', id: item.id, ref: 'b2' });
      expect(rejected.message).to.equal(
        `cannot edit item ${item.id}: it was deleted by ann at revision ${item.rev + 3}; your edit was not applied`,
      );
      expect(replica(bob.received)).to.deep.equal([]);

      const cy = join(`/collab?doc=${doc}&name=cy`);
      const welcome = await cy.waitFor('cy gets the document', (message) => message.type === 'welcome');
      expect(welcome).to.include({ rev: item.rev + 3 });
      expect(welcome.items).to.deep.equal([]);
      expect((welcome.members as { name: string }[]).map((member) => member.name)).to.deep.equal(['ann', 'bob', 'cy']);
    });

    it('plays on when a player leaves mid-game, the server acknowledging each input', async () => {
      const room = `arena-${unique}`;
      const ann = join(`/game?room=${room}&name=ann`);
      const bob = join(`/game?room=${room}&name=bob`);
      const cy = join(`/game?room=${room}&name=cy`);
      const welcome = await cy.waitFor('cy is welcomed', (message) => message.type === 'welcome');
      expect(welcome).to.include({ width: 16, height: 10, every: 100 });
      const lastTick = (client: Client) => client.of<GameTickMessage & Message>('tick').at(-1);
      const names = (client: Client) => lastTick(client)?.pieces.map((piece) => piece.name) ?? [];
      await waitUntil(() => names(ann).length === 3, 'a tick with three pieces', WAIT);

      ann.send({ type: 'input', seq: 1, move: 'right' });
      ann.send({ type: 'input', seq: 2, move: 'down' });
      await waitUntil(() => lastTick(cy)?.pieces[0]?.seq === 2, 'ann\u2019s inputs applied', WAIT);
      expect(lastTick(cy)?.pieces[0]).to.deep.equal({ name: 'ann', x: 2, y: 2, seq: 2 });

      bob.close();
      await ann.waitFor('ann hears bob leave', (message) => message.type === 'left' && message.name === 'bob');
      await waitUntil(() => names(ann).join() === 'ann,cy', 'bob\u2019s piece is gone', WAIT);
      cy.send({ type: 'input', seq: 1, move: 'up' });
      await waitUntil(() => lastTick(ann)?.pieces[1]?.seq === 1, 'cy still plays', WAIT);
      expect(lastTick(ann)?.pieces).to.deep.equal([
        { name: 'ann', x: 2, y: 2, seq: 2 },
        { name: 'cy', x: 14, y: 0, seq: 1 },
      ]);
    });

    it('refuses a ninth player with 503 at the handshake', async () => {
      const room = `full-${unique}`;
      const players = Array.from({ length: 8 }, (_, i) => join(`/game?room=${room}&name=p${i}`));
      await opened(...players);
      const late = join(`/game?room=${room}&name=late`);
      const refused = (): boolean =>
        late.connection.trace.events.some((event) => event.type === 'handshake-response' && event.status === 503);
      await waitUntil(refused, 'the handshake is refused with 503', WAIT);
      await waitUntil(() => late.connection.socket.readyState === WebSocket.CLOSED, 'the page sees it close', WAIT);
      expect(late.received).to.deep.equal([]);
    });
  });
}
