/**
 * The soak's churn: short connections that open, exchange a few checked
 * messages and close, as visitors who read a lesson and leave do.
 *
 * - /echo: sends 1, 2, 3 and must get each back once, in order;
 * - /ticker at its fastest rate: ticks 1, 2, 3 must arrive, in order;
 * - /chat, in a room of held members: after its welcome it says lines 1
 *   and 2, which must come back to it once each, in order (and reach every
 *   held member: ChatRoom.said); other senders' lines it hears must run on
 *   without a gap from the first it heard of each;
 * - /collab, in a document of held members: adds an item and deletes it,
 *   each answered once; the revisions it is told of must run on from its
 *   welcome without a gap.
 */
import type {
  ChatServerMessage,
  CollabServerMessage,
  ErrorMessage,
  TickerServerMessage,
} from '../../src/service/json-messages.ts';
import type { ChatRoom, CollabDocument } from './soak-held.ts';
import type { Ledger } from './soak-ledger.ts';
import { expectOrCount, guard, openSocket, parseJson } from './soak-socket.ts';

/** The fastest rate /ticker allows, so a visit takes a fraction of a second. */
const CHURN_TICK_MS = 50;
const ECHOES = 3;
const TICKS = 3;
const LINES = 2;

export async function churnEcho(base: string, ledger: Ledger): Promise<void> {
  let next = 1;
  const socket = await openSocket(`${base}/echo`, 'echo', ledger, (opened) =>
    opened.on('message', (data) => (next = ledger.take('echo', next, Number(data.toString())))),
  );
  if (!socket) return;
  const close = guard(socket, 'echo', ledger, 'churn connection');
  for (let n = 1; n <= ECHOES; n++) socket.send(String(n));
  ledger.tallies.echo.sent += ECHOES;
  await expectOrCount(
    socket,
    'echo',
    ledger,
    'the echoes',
    () => next > ECHOES,
    () => ECHOES + 1 - next,
  );
  await close();
}

export async function churnTicker(base: string, ledger: Ledger): Promise<void> {
  let next = 1;
  const url = `${base}/ticker?topic=scores&every=${CHURN_TICK_MS}`;
  const socket = await openSocket(url, 'ticker', ledger, (opened) =>
    opened.on('message', (data) => {
      const message = parseJson<TickerServerMessage | ErrorMessage>(data, 'ticker', ledger);
      if (message?.type === 'tick') next = ledger.take('ticker', next, message.seq);
      else if (message) ledger.problem('ticker', `churn: unexpected ${message.type} message`);
    }),
  );
  if (!socket) return;
  const close = guard(socket, 'ticker', ledger, 'churn connection');
  await expectOrCount(
    socket,
    'ticker',
    ledger,
    'the ticks',
    () => next > TICKS,
    () => TICKS + 1 - next,
  );
  await close();
}

export async function churnChat(base: string, room: ChatRoom, name: string, ledger: Ledger): Promise<void> {
  let welcomed = false;
  const heard = new Map<string, number>();
  const url = `${base}/chat?room=${encodeURIComponent(room.name)}&name=${encodeURIComponent(name)}`;
  const socket = await openSocket(url, 'chat', ledger, (opened) =>
    opened.on('message', (data) => {
      const message = parseJson<ChatServerMessage | ErrorMessage>(data, 'chat', ledger);
      if (!message) return;
      if (message.type === 'welcome') {
        for (const line of message.history) heard.set(line.from, Number(line.text));
        welcomed = true;
      } else if (message.type === 'message') {
        const line = Number(message.text);
        const last = heard.get(message.from);
        // Another sender's lines before it came are not its to check: the first it hears of one starts the count.
        if (last === undefined && message.from !== name) {
          heard.set(message.from, line);
          ledger.tallies.chat.delivered++;
        } else heard.set(message.from, ledger.take('chat', (last ?? 0) + 1, line) - 1);
      } else if (message.type === 'error') ledger.problem('chat', `churn: error message: ${message.message}`);
    }),
  );
  if (!socket) return;
  const close = guard(socket, 'chat', ledger, 'churn connection');
  const mine = (): number => heard.get(name) ?? 0;
  if (
    await expectOrCount(
      socket,
      'chat',
      ledger,
      'the welcome',
      () => welcomed,
      () => 0,
    )
  ) {
    for (let n = 0; n < LINES; n++) socket.send(JSON.stringify({ type: 'say', text: String(room.nextLine(name)) }));
    ledger.tallies.chat.sent += LINES;
    await expectOrCount(
      socket,
      'chat',
      ledger,
      'its own lines',
      () => mine() >= LINES,
      () => LINES - mine(),
    );
  }
  await close();
}

export async function churnCollab(base: string, doc: CollabDocument, name: string, ledger: Ledger): Promise<void> {
  let nextRev: number | undefined;
  let item: string | undefined;
  const answered = new Set<string>();
  const answer = (ref: string): void => {
    if (answered.has(ref)) ledger.tallies.collab.duplicated++;
    answered.add(ref);
  };
  const url = `${base}/collab?doc=${encodeURIComponent(doc.name)}&name=${encodeURIComponent(name)}`;
  const socket = await openSocket(url, 'collab', ledger, (opened) =>
    opened.on('message', (data) => {
      const message = parseJson<CollabServerMessage | ErrorMessage>(data, 'collab', ledger);
      if (!message) return;
      if (message.type === 'welcome') nextRev = message.rev + 1;
      else if (message.type === 'added' || message.type === 'edited' || message.type === 'deleted') {
        const expected = nextRev ?? message.rev;
        nextRev = ledger.take('collab', expected, message.rev);
        if (message.rev < expected || message.by !== name || typeof message.ref !== 'string') return;
        if (message.type === 'added') item = message.item.id;
        answer(message.ref);
      } else if (message.type === 'rejected') {
        ledger.problem('collab', `churn: rejected ${message.action}: ${message.message.replace(/\d+/g, 'N')}`);
        if (typeof message.ref === 'string') answer(message.ref);
      } else if (message.type === 'error') ledger.problem('collab', `churn: error message: ${message.message}`);
    }),
  );
  if (!socket) return;
  const close = guard(socket, 'collab', ledger, 'churn connection');
  const change = async (ref: string, message: object): Promise<boolean> => {
    socket.send(JSON.stringify({ ...message, ref }));
    ledger.tallies.collab.sent++;
    return expectOrCount(
      socket,
      'collab',
      ledger,
      `the answer to its ${ref}`,
      () => answered.has(ref),
      () => 1,
    );
  };
  if (
    await expectOrCount(
      socket,
      'collab',
      ledger,
      'the welcome',
      () => nextRev !== undefined,
      () => 0,
    )
  ) {
    if ((await change('add', { type: 'add', text: name })) && item !== undefined) {
      await change('delete', { type: 'delete', id: item });
    }
  }
  await close();
}
