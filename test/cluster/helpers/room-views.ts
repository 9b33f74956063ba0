/**
 * What a client of a room makes of the messages of one connection, as the
 * page does: who is here (the welcome's list, then each `joined` and
 * `left`) and, for /collab, the document (the welcome's items, then each
 * applied change in revision order).
 */
import type {
  CollabAddedMessage,
  CollabDeletedMessage,
  CollabEditedMessage,
  CollabItem,
  CollabWelcomeMessage,
  WelcomeMessage,
} from '../../../src/service/json-messages.ts';
import type { Json } from './cluster.ts';

/** The messages from the connection's last welcome on (a welcome sent again replaces everything before it). */
function sinceWelcome(messages: readonly Json[]): { welcome: Json | undefined; after: readonly Json[] } {
  let at = messages.length - 1;
  while (at >= 0 && messages[at]!.type !== 'welcome') at--;
  return at === -1 ? { welcome: undefined, after: [] } : { welcome: messages[at], after: messages.slice(at + 1) };
}

/** The members one connection was told of, in order of arrival; undefined before its welcome. */
export function membersSeen(messages: readonly Json[]): string[] | undefined {
  const { welcome, after } = sinceWelcome(messages);
  if (!welcome) return undefined;
  // /chat lists names, /collab lists members with their carets.
  const listed = (welcome as unknown as WelcomeMessage | CollabWelcomeMessage).members;
  const members = listed.map((member) => (typeof member === 'string' ? member : member.name));
  for (const message of after) {
    const name = message.name as string;
    if (message.type === 'joined' && !members.includes(name)) members.push(name);
    if (message.type === 'left' && members.includes(name)) members.splice(members.indexOf(name), 1);
  }
  return members;
}

export interface DocView {
  readonly rev: number;
  readonly items: readonly CollabItem[];
  /** Each revision this connection saw and the items at it, as JSON: to compare editors revision by revision. */
  readonly states: ReadonlyMap<number, string>;
  /** Changes that did not come one revision after the one before: none when nothing was missed. */
  readonly gaps: readonly string[];
}

/** The document one /collab connection holds; undefined before its welcome. */
export function documentSeen(messages: readonly Json[]): DocView | undefined {
  const states = new Map<number, string>();
  const gaps: string[] = [];
  let rev = -1;
  let items: CollabItem[] = [];
  for (const message of messages) {
    if (message.type === 'welcome') {
      const welcome = message as unknown as CollabWelcomeMessage;
      rev = welcome.rev;
      items = [...welcome.items];
    } else if (message.type === 'added' || message.type === 'edited' || message.type === 'deleted') {
      const change = message as unknown as CollabAddedMessage | CollabEditedMessage | CollabDeletedMessage;
      if (change.rev !== rev + 1) gaps.push(`${change.type} at revision ${change.rev} after ${rev}`);
      rev = change.rev;
      if (change.type === 'added') items.splice(change.index, 0, change.item);
      else if (change.type === 'edited') items = items.map((item) => (item.id === change.item.id ? change.item : item));
      else items = items.filter((item) => item.id !== change.id);
    } else {
      continue;
    }
    states.set(rev, JSON.stringify(items));
  }
  return rev === -1 ? undefined : { rev, items, states, gaps };
}

/** Revisions two views both saw with different items: none when the copies never parted ways. */
export function disagreements(a: DocView, b: DocView): number[] {
  return [...a.states].filter(([rev, items]) => b.states.has(rev) && b.states.get(rev) !== items).map(([rev]) => rev);
}
