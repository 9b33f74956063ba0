/**
 * A rolling deploy behind deploy/nginx.conf: two instances sharing rooms
 * through Redis, readers chatting and editors changing one document through
 * nginx, and one instance stopped with SIGTERM while they do. Its clients
 * get 1001 (§7.4.1 "going away"), come back through nginx with the page's
 * own reconnect (connectWithBackoff: backoff with full jitter) and land on
 * the other instance; the room and the document go on from where they were.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { after, before, describe, it } from 'node:test';
import {
  openClient,
  pause,
  startInstance,
  startRedis,
  type Instance,
  type Json,
  type RedisProcess,
} from './helpers/cluster.ts';
import { ORIGIN, PAGE_OPTIONS, startNginx, type Nginx } from './helpers/nginx.ts';
import { PageClient, waitFor } from './helpers/page-client.ts';
import { disagreements, documentSeen, membersSeen, type DocView } from './helpers/room-views.ts';

const ROOM = 'release-day';
const DOC = 'release-notes';
/** The reconnect's first wait is at most this: small, so the test is quick. */
const BASE_DELAY = 150;
/** How often each reader says a line and each editor changes its item while connected. */
const CHAT_EVERY_MS = 80;
const EDIT_EVERY_MS = 120;

/** A client and the instance nginx first sent it to. */
interface Placed {
  readonly id: string;
  readonly client: PageClient;
  readonly instance: Instance;
}

/** A numbered line: `id #seq`, said at `at` (performance.now()). */
interface Line {
  readonly from: string;
  readonly seq: number;
  readonly at: number;
}

/** An emitter that says 'change' whenever the instance prints, after the cluster helper has read the lines. */
function logChanges(instance: Instance): EventEmitter {
  const changes = new EventEmitter();
  instance.child.stdout!.on('data', () => changes.emit('change'));
  return changes;
}

const connects = (instance: Instance, path: string): number =>
  instance.log.filter((line) => line.event === 'connect' && line.path === path).length;

/** The connection's welcome, once it has one. */
const welcomed = (client: PageClient): Json | undefined => client.current?.messages.find((m) => m.type === 'welcome');

const DEPLOY_ENV = { ALLOWED_ORIGINS: ORIGIN, REDIS_COMMAND_TIMEOUT_MS: '5000' };

describe('a rolling deploy behind nginx: one instance stopped while clients chat and edit', () => {
  let redis: RedisProcess;
  let instances: Instance[] = [];
  let nginx: Nginx | undefined;
  const logs = new Map<Instance, EventEmitter>();
  const readers: Placed[] = [];
  const editors: Placed[] = [];
  const said: Line[] = [];
  /** Every client opened, for the cleanup: those of a failed run too. */
  const opened: PageClient[] = [];
  let chatting: NodeJS.Timeout | undefined;
  let editing: NodeJS.Timeout | undefined;
  /** The instance the deploy restarts, and the one that stays. */
  let stopped: Instance;
  let survivor: Instance;
  let movedReaders: Placed[] = [];
  let movedEditors: Placed[] = [];
  /** Each editor's own item, the text of each edit sent (by ref), and the last one the document confirmed. */
  const ownItem = new Map<string, string>();
  const editTexts = new Map<string, string>();
  const lastEdit = new Map<string, string>();
  let editNumber = 0;
  let editsBefore: DocView;
  /** A trace id nginx sends to the instance to be stopped. */
  let pinnedTrace: string | undefined;
  /** When the last mover had its welcome back. */
  let allBackAt = 0;

  const sources = (): EventEmitter[] => [...opened.map((client) => client.changes), ...logs.values()];

  before(async () => {
    redis = await startRedis();
    // A deploy, not a sick Redis: a test machine busy with the other suites may answer later than the 1 s default.
    instances = await Promise.all([0, 1].map(() => startInstance(redis.url, DEPLOY_ENV)));
    for (const instance of instances) logs.set(instance, logChanges(instance));
    nginx = await startNginx(instances.map((instance) => instance.port));
    [stopped, survivor] = instances as [Instance, Instance];
  });
  after(async () => {
    clearInterval(chatting);
    clearInterval(editing);
    for (const client of opened) client.stop();
    await nginx?.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
    await redis?.dispose();
  });

  /**
   * Opens clients one at a time through nginx, at least `count` and more
   * while one instance has none (nginx spreads them by request id: by chance,
   * so a run may need one more), and notes where each landed by which
   * instance logged its connect.
   */
  async function openSpread(path: string, count: number, query: (id: string) => string, prefix: string) {
    const placed: Placed[] = [];
    const holds = (instance: Instance): boolean => placed.some((client) => client.instance === instance);
    while (placed.length < count || !instances.every(holds)) {
      assert.ok(placed.length < 3 * count, `nginx sent ${placed.length} clients of ${path} to one instance`);
      const id = `${prefix}${placed.length}`;
      const before = instances.map((instance) => connects(instance, path));
      const client = new PageClient(`${nginx!.base}${path}?${query(id)}`, {
        baseDelay: BASE_DELAY,
        socket: PAGE_OPTIONS,
      });
      opened.push(client);
      await client.waitFor(() => welcomed(client), `${id}'s welcome`);
      const instance = await waitFor(
        () => instances.find((candidate, index) => connects(candidate, path) > before[index]!),
        `the instance that logged ${id}'s connect`,
        [...logs.values()],
      );
      placed.push({ id, client, instance });
    }
    return placed;
  }

  /** Opens a connection to `path` through nginx, closes it, and answers the instance that logged it. */
  async function landsOn(path: string): Promise<Instance> {
    const before = instances.map((instance) => connects(instance, path.split('?')[0]!));
    const probe = await openClient(`${nginx!.base}${path}`, PAGE_OPTIONS);
    await probe.close();
    return waitFor(
      () => instances.find((instance, index) => connects(instance, path.split('?')[0]!) > before[index]!),
      `the instance that logged the connect to ${path}`,
      [...logs.values()],
    );
  }

  /** Says the next numbered line for each reader that is in the room on an open connection. */
  function chatter(): void {
    for (const { id, client } of readers) {
      if (!client.open || !welcomed(client)) continue;
      const seq = said.filter((line) => line.from === id).length + 1;
      client.send({ type: 'say', text: `${id} #${seq}` });
      said.push({ from: id, seq, at: performance.now() });
    }
  }

  /** Changes the editor's own item once, when it is connected and welcomed; the change's ref. */
  function edit(editor: Placed): string | undefined {
    const { client, id } = editor;
    const item = ownItem.get(id);
    if (!client.open || !welcomed(client) || item === undefined) return undefined;
    const ref = `${id}/${++editNumber}`;
    const text = `${id}, version ${editNumber}`;
    editTexts.set(ref, text);
    client.send({ type: 'edit', id: item, text, ref });
    return ref;
  }

  /** Waits for the change `ref` to come back applied to its author, and remembers it as the author's last. */
  async function confirmed(editor: Placed, ref: string): Promise<Json> {
    const applied = await editor.client
      .waitFor(() => editor.client.current?.messages.find((m) => m.ref === ref), `${editor.id}'s change ${ref}`)
      .catch((error: Error) => {
        throw new Error(`${error.message}; it got ${JSON.stringify(editor.client.connections.map((c) => c.messages))}`);
      });
    assert.notEqual(applied.type, 'rejected', JSON.stringify(applied));
    if (applied.type === 'edited') lastEdit.set(editor.id, editTexts.get(ref)!);
    return applied;
  }

  it('spreads the readers of one room and the editors of one document over both instances', async () => {
    readers.push(...(await openSpread('/chat', 8, (id) => `room=${ROOM}&name=${id}`, 'reader')));
    editors.push(...(await openSpread('/collab', 4, (id) => `doc=${DOC}&name=${id}`, 'editor')));
    for (const path of ['/chat', '/collab']) {
      const held = instances.map((instance) => connects(instance, path));
      assert.ok(
        held.every((count) => count > 0),
        `nginx spread ${path}: ${held.join(' and ')}`,
      );
    }
    // A lesson connection names its trace, which nginx hashes: one trace that goes to the instance to be stopped.
    for (let n = 0; pinnedTrace === undefined; n++) {
      assert.ok(n < 32, 'no trace of 32 went to the instance to be stopped');
      const trace = `rolling-deploy-trace-${String(n).padStart(4, '0')}`;
      if ((await landsOn(`/echo?trace=${trace}`)) === stopped) pinnedTrace = trace;
    }
    // Everyone hears everyone before the deploy: each reader's list names all readers.
    const everyone = readers.map((reader) => reader.id);
    await waitFor(
      () => readers.every((r) => membersSeen(r.client.current!.messages)?.length === everyone.length) || undefined,
      () =>
        `every reader sees the whole room: ${JSON.stringify(readers.map((r) => membersSeen(r.client.current!.messages)))}`,
      sources(),
    );
    chatting = setInterval(chatter, CHAT_EVERY_MS);

    for (const editor of editors) {
      editor.client.send({ type: 'add', text: `${editor.id}'s line`, ref: `${editor.id}/add` });
    }
    for (const editor of editors) {
      const added = await confirmed(editor, `${editor.id}/add`);
      ownItem.set(editor.id, (added.item as { id: string }).id);
    }
    for (let round = 0; round < 2; round++) {
      for (const editor of editors) await confirmed(editor, edit(editor)!);
    }
    const expected = editors.length * 3;
    const views = await waitFor(
      () => {
        const seen = editors.map((editor) => documentSeen(editor.client.current!.messages));
        return seen.every((view) => view?.rev === expected) ? (seen as DocView[]) : undefined;
      },
      `every editor at revision ${expected}`,
      sources(),
    );
    editsBefore = views[0]!;
    for (const view of views) assert.deepEqual(view.items, editsBefore.items);
    editing = setInterval(() => editors.forEach(edit), EDIT_EVERY_MS);
    // The deploy starts while lines and edits are on their way.
    await waitFor(() => said.length >= 3 * readers.length || undefined, 'some chat before the deploy', sources());
  });

  it('closes the stopped instance’s clients with 1001, and nginx brings each back to the other instance', async (t) => {
    movedReaders = readers.filter((reader) => reader.instance === stopped);
    movedEditors = editors.filter((editor) => editor.instance === stopped);
    const moved = [...movedReaders, ...movedEditors];
    const stayed = [...readers, ...editors].filter((placed) => placed.instance === survivor);
    const connectsBefore = { chat: connects(survivor, '/chat'), collab: connects(survivor, '/collab') };

    const exited = stopped.stop();
    await waitFor(
      () => moved.every(({ client }) => client.connections.length === 2 && welcomed(client)) || undefined,
      'every client of the stopped instance back in its room',
      sources(),
    );
    allBackAt = performance.now();
    await exited;
    assert.equal(stopped.child.exitCode, 0, 'the stopped instance exited cleanly');

    for (const { id, client } of moved) {
      // Exactly one retry, after a 1001: nginx found the survivor on the first attempt (below).
      assert.deepEqual(
        client.retries.map((retry) => [retry.attempt, retry.code]),
        [[1, 1001]],
        `${id}: the close code it saw and its reconnect attempts`,
      );
      assert.ok(client.retries[0]!.delay < BASE_DELAY, `${id} waited a random part of ${BASE_DELAY} ms`);
    }
    for (const { id, client } of stayed) {
      assert.deepEqual(client.retries, [], `${id}, on the other instance, kept its connection`);
    }
    // The survivor logged every mover's new connection, and no one else's (its log comes on another pipe than the
    // welcomes: wait for it).
    const arrived = (): { chat: number; collab: number } => ({
      chat: connects(survivor, '/chat') - connectsBefore.chat,
      collab: connects(survivor, '/collab') - connectsBefore.collab,
    });
    const wanted = { chat: movedReaders.length, collab: movedEditors.length };
    await waitFor(
      () => (arrived().chat >= wanted.chat && arrived().collab >= wanted.collab) || undefined,
      () => `the survivor's connect lines: ${JSON.stringify(arrived())} of ${JSON.stringify(wanted)}`,
      [logs.get(survivor)!],
    );
    assert.deepEqual(arrived(), wanted);
    // nginx: a connection to the stopped instance's port is refused, which proxy_next_upstream's default
    // (`error timeout`) retries on the next server; max_fails=1 then keeps it out for fail_timeout (5 s). So no
    // client sees the refusal, not even one whose key hashes to the stopped instance: a lesson's trace.
    assert.equal(await landsOn(`/echo?trace=${pinnedTrace}`), survivor, 'the trace of the stopped instance moved');
    const errors = await nginx!.errorLog();
    const refused = errors.split('\n').filter((line) => line.includes('Connection refused'));
    t.diagnostic(
      `${movedReaders.length} readers and ${movedEditors.length} editors moved; ` +
        `nginx passed ${refused.length} refused connection(s) on to the other instance`,
    );
    assert.ok(
      refused.every((line) => line.includes(`127.0.0.1:${stopped.port}`)),
      `only the stopped instance refused: ${errors}`,
    );
  });

  it('carries every line said after a reader is back to every reader, once and in order', async () => {
    // A few more lines from everyone once all are back, then quiet.
    const counts = new Map(readers.map(({ id }) => [id, said.filter((line) => line.from === id).length]));
    await waitFor(
      () =>
        readers.every(({ id }) => said.filter((line) => line.from === id).length >= counts.get(id)! + 5) || undefined,
      'five more lines from every reader',
      sources(),
    );
    clearInterval(chatting);
    const heard = (client: PageClient): string[] =>
      client.connections.flatMap((connection) =>
        connection.messages.filter((m) => m.type === 'message').map((m) => m.text as string),
      );
    const backAt = (client: PageClient): number => {
      const connection = client.current!;
      return connection.arrivals[connection.messages.findIndex((m) => m.type === 'welcome')]!;
    };
    const owed = (client: PageClient): Line[] => said.filter((line) => line.at > backAt(client));
    await waitFor(
      () =>
        readers.every(({ client }) =>
          owed(client).every((line) => heard(client).includes(`${line.from} #${line.seq}`)),
        ) || undefined,
      'every owed line heard',
      sources(),
    ).catch(() => undefined);

    let losses = 0;
    let duplicates = 0;
    let outOfOrder = 0;
    for (const { client } of readers) {
      const lines = heard(client);
      for (const line of owed(client)) if (!lines.includes(`${line.from} #${line.seq}`)) losses++;
      duplicates += lines.length - new Set(lines).size;
      const last = new Map<string, number>();
      for (const text of lines) {
        const [from, seq] = text.split(' #') as [string, string];
        if ((last.get(from) ?? 0) >= Number(seq)) outOfOrder++;
        last.set(from, Number(seq));
      }
    }
    const owedAfterAllBack = said.filter((line) => line.at > allBackAt).length;
    assert.ok(owedAfterAllBack >= readers.length * 5, `lines said after everyone was back: ${owedAfterAllBack}`);
    assert.deepEqual({ losses, duplicates, outOfOrder }, { losses: 0, duplicates: 0, outOfOrder: 0 });
  });

  it('keeps one member list per room, each mover back under its name or, if it beat its own release, "name (2)"', async (t) => {
    for (const group of [readers, editors]) {
      const names = group.map(({ client }) => welcomed(client)!.you as string);
      const lists = await waitFor(
        () => {
          const seen = group.map(({ client }) => membersSeen(client.current!.messages)!);
          const same = (list: string[]): boolean =>
            JSON.stringify([...list].sort()) === JSON.stringify([...names].sort());
          return seen.every(same) ? seen : undefined;
        },
        () => `every member seeing exactly ${names.join(', ')}`,
        sources(),
      );
      for (const list of lists) assert.deepEqual(list, lists[0], 'one order of arrival for everyone');
      // The stopped instance gives each name up as its connection closes, before it exits (not three heartbeats
      // later, when the others would reap it): its `left` is dated before the instance's "stopped" line. The
      // client starts its way back at about that moment; one that claims its name before the release finds it
      // taken and becomes "name (2)", and the old name leaves after. A member who stayed saw which came first.
      const stoppedAt = Date.parse(stopped.log.find((line) => line.event === 'stopped')!.time as string);
      const witness = group.find((placed) => placed.instance === survivor)!.client.current!.messages;
      const at = (type: string, name: string): number =>
        witness.map((message) => message.type === type && message.name === name).lastIndexOf(true);
      for (const { id, client, instance } of group) {
        if (instance !== stopped) continue;
        const you = welcomed(client)!.you as string;
        if (you === id) {
          assert.ok(at('left', id) < at('joined', id), `${id} was released before it came back`);
        } else {
          assert.equal(you, `${id} (2)`);
          assert.ok(at('joined', you) < at('left', id), `${id} came back before its old name was released`);
          t.diagnostic(`${id} came back as "${you}": its old name was still held`);
        }
        const farewell = witness[at('left', id)];
        if (farewell) {
          assert.ok((farewell.at as number) <= stoppedAt, `${id}'s name was given up by the stopped instance`);
        }
      }
    }
  });

  it('keeps the document: the same revisions on every editor, edits from before kept, edits after converging', async () => {
    for (const { id, client } of movedEditors) {
      const welcome = welcomed(client)!;
      assert.ok((welcome.rev as number) >= editsBefore.rev, `${id} came back at revision ${welcome.rev}`);
    }
    // Quiet, then one last edit each: the last write to each item is then known.
    clearInterval(editing);
    for (const editor of editors) await confirmed(editor, edit(editor)!);
    const views = await waitFor(
      () => {
        const seen = editors.map((editor) => documentSeen(editor.client.current!.messages)!);
        const last = Math.max(...seen.map((view) => view.rev));
        return seen.every((view) => view.rev === last) ? seen : undefined;
      },
      'every editor at the same revision',
      sources(),
    );
    const final = views[0]!;
    for (const view of views) assert.deepEqual(view.items, final.items);
    // Every connection of every editor saw each change once, in order, and the same items at each revision.
    const seenBy = editors.flatMap(({ id, client }) =>
      client.connections.map((connection) => ({ id, view: documentSeen(connection.messages)! })),
    );
    for (const { id, view } of seenBy) {
      assert.deepEqual(view.gaps, [], `${id} skipped no revision`);
      for (const other of seenBy) assert.deepEqual(disagreements(view, other.view), [], `${id} and ${other.id}`);
    }
    // A mover came back at a revision another editor passed through (with the same items, checked above).
    for (const { id, client } of movedEditors) {
      const rev = welcomed(client)!.rev as number;
      assert.ok(
        seenBy.some((other) => other.id !== id && other.view.states.has(rev)),
        `another editor saw revision ${rev}, where ${id} came back`,
      );
    }
    // Items from before the deploy are all there, each with its author's last confirmed edit.
    assert.deepEqual(
      final.items.map((item) => item.id),
      editsBefore.items.map((item) => item.id),
    );
    for (const editor of editors) {
      const item = final.items.find((candidate) => candidate.id === ownItem.get(editor.id))!;
      assert.equal(item.text, lastEdit.get(editor.id), `${editor.id}'s item holds its last edit`);
    }
  });

  it('sends connections to a fresh instance on the same port once nginx tries it again', async (t) => {
    const fresh = await startInstance(redis.url, { ...DEPLOY_ENV, PORT: String(stopped.port) });
    instances.push(fresh);
    // nginx left it out for fail_timeout after a refused connection, then tries it again: new connections spread
    // by request id, so one of a few lands there.
    let probes = 0;
    const started = performance.now();
    while ((await landsOn('/echo')) !== fresh) {
      probes++;
      assert.ok(performance.now() - started < 20_000, `none of ${probes} connections reached the fresh instance`);
      await pause(100);
    }
    t.diagnostic(`the fresh instance got a connection after ${probes} went to the other`);
  });
});
