/**
 * A class of 60 behind one address (a school's router), each reader's page
 * holding what the busiest lesson holds, all of them in one chat room: under
 * the setting the README gives for a classroom, nobody is refused, nobody
 * trips the message rate limit and every line reaches every member once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import WebSocket from 'ws';
import { readLimits } from '../../server/limits.ts';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';

const CLASS_SIZE = 60;

/** What the README says a reader holds and what to set for a class (its "A classroom behind one address" section). */
async function readmeClassroom(): Promise<{ perReader: number; env: Record<string, string> }> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('### A classroom behind one address')[1]?.split('\n### ')[0] ?? '';
  const perReader = /One reader's page holds at most (\d+) connections/.exec(section)?.[1];
  const command = /```sh\n([^\n]*npm run server)\n```/.exec(section)?.[1];
  assert.ok(perReader && command, 'the README states what a reader holds and the command for a class');
  const env = Object.fromEntries([...command.matchAll(/([A-Z_]+)=(\S+)/g)].map(([, name, value]) => [name!, value!]));
  return { perReader: Number(perReader), env };
}

/**
 * One reader's connections, as the use-cases lesson opens them with every
 * demo joined: three chat panes in the class's room, the ticker, three
 * notification panes, three collaborative editors and two players, each
 * with its trace channel beside it.
 */
function readerTargets(reader: number): string[] {
  const lessons = [
    ...['a', 'b', 'c'].map((pane) => `/chat?room=class&name=r${reader}${pane}`),
    '/ticker?topic=scores&every=1000',
    ...['a', 'b', 'c'].map((pane) => `/notify?room=n${reader}&name=${pane}`),
    ...['a', 'b', 'c'].map((pane) => `/collab?doc=d${reader}&name=${pane}`),
    ...['a', 'b'].map((pane) => `/game?room=g${reader}&name=${pane}`),
  ];
  return lessons.flatMap((target) => {
    const trace = randomBytes(16).toString('base64url');
    return [`/inspect?trace=${trace}`, `${target}&trace=${trace}`];
  });
}

interface Member {
  readonly socket: WebSocket;
  readonly lines: string[];
  closedWith?: number;
}

/** Opens `url`, or resolves the HTTP status that refused it. */
function open(url: string): Promise<Member | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const member: Member = { socket, lines: [] };
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type?: string; text?: string };
      if (message.type === 'message' && message.text !== undefined) member.lines.push(message.text);
    });
    socket.once('close', (code) => (member.closedWith = code));
    socket.once('open', () => resolve(member));
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

describe('a class of 60 behind one address', () => {
  const servers: PlaygroundServer[] = [];
  const sockets: WebSocket[] = [];
  after(async () => {
    for (const socket of sockets) socket.terminate();
    await Promise.all(servers.map((server) => server.close()));
  });

  const start = async (env: Record<string, string>): Promise<PlaygroundServer> => {
    const server = await startPlaygroundServer({ port: 0, limits: readLimits(env), logger: () => {} });
    servers.push(server);
    return server;
  };

  it('is refused by the default limits once past a few readers', async () => {
    const { perReader } = await readmeClassroom();
    const server = await start({});
    const perAddress = readLimits({}).maxConnectionsPerAddress;
    const statuses: (Member | number)[] = [];
    for (let reader = 0; statuses.length <= perAddress; reader++) {
      for (const target of readerTargets(reader)) statuses.push(await open(`${server.wsUrl}${target}`));
    }
    for (const status of statuses) if (typeof status !== 'number') sockets.push(status.socket);
    const refused = statuses.filter((status) => status === 503).length;
    assert.equal(statuses.length - refused, perAddress, `the first ${perAddress} connections get in`);
    assert.ok(refused > 0, 'the rest get 503');
    assert.ok(perAddress / perReader < CLASS_SIZE, `the default holds ${Math.floor(perAddress / perReader)} readers`);
  });

  it('lets them all in under the README’s setting, in one chat room, each line reaching everyone once', async () => {
    const { perReader, env } = await readmeClassroom();
    assert.ok(readLimits(env).maxConnectionsPerAddress >= CLASS_SIZE * perReader, 'the setting fits the class');
    const server = await start(env);
    const readers: Member[][] = [];
    for (let reader = 0; reader < CLASS_SIZE; reader++) {
      const opened = await Promise.all(readerTargets(reader).map((target) => open(`${server.wsUrl}${target}`)));
      const refused = opened.filter((status) => typeof status === 'number');
      assert.deepEqual(refused, [], `reader ${reader} got every connection`);
      readers.push(opened as Member[]);
      sockets.push(...(opened as Member[]).map((member) => member.socket));
    }
    assert.equal(readers.flat().length, CLASS_SIZE * readerTargets(0).length);
    assert.ok(readerTargets(0).length <= perReader, 'a reader here holds what the README says a page holds');

    // The chat panes: the second of each pair of a reader's first three lesson connections.
    const chat = readers.flatMap((connections) => [connections[1]!, connections[3]!, connections[5]!]);
    // Everyone at once, as a class does when told "say hello": each reader's first pane, three lines each.
    const said = readers.flatMap((_, reader) => [1, 2, 3].map((line) => `r${reader} line ${line}`));
    for (const [reader, connections] of readers.entries()) {
      for (const line of [1, 2, 3]) {
        connections[1]!.socket.send(JSON.stringify({ type: 'say', text: `r${reader} line ${line}` }));
      }
    }
    const deadline = Date.now() + 30_000;
    while (chat.some((member) => member.lines.length < said.length) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const member of chat) {
      assert.deepEqual([...member.lines].sort(), [...said].sort(), 'every line once, none lost');
    }
    const closed = readers.flat().filter((member) => member.closedWith !== undefined);
    assert.deepEqual(
      closed.map((member) => member.closedWith),
      [],
      'nobody was closed (no rate limit tripped)',
    );
  });
});
