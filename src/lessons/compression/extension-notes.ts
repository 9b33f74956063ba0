import { PERMESSAGE_DEFLATE, parseExtensions, type ExtensionItem } from '../../protocol/index.ts';
import { groupDigits } from '../../protocol/group-digits.ts';

/** One parameter of a Sec-WebSocket-Extensions value, explained. */
export interface ExtensionNote {
  /** As on the wire: `server_max_window_bits=10`, or the extension's own name. */
  readonly text: string;
  /** The RFC section the rule comes from. */
  readonly section: string;
  readonly meaning: string;
}

function windowBytes(bits: number): string {
  return groupDigits(2 ** bits);
}

function paramText(name: string, value: string | true): string {
  return value === true ? name : `${name}=${value}`;
}

/** The browser's offer, parameter by parameter. */
function offerNote(name: string, value: string | true): ExtensionNote {
  const text = paramText(name, value);
  if (name === 'client_max_window_bits' && value === true) {
    return {
      text,
      section: 'RFC 7692 §7.1.2.2',
      meaning:
        'The browser can compress with a smaller window if the server asks: only because it is in the offer may the answer name client_max_window_bits.',
    };
  }
  return { text, section: 'RFC 7692 §7.1', meaning: 'A parameter this lesson does not expect from a browser.' };
}

/** The server's answer, parameter by parameter: what each obliges each side to do. */
function answerNote(name: string, value: string | true): ExtensionNote {
  const text = paramText(name, value);
  const bits = value === true ? Number.NaN : Number(value);
  switch (name) {
    case 'server_no_context_takeover':
      return {
        text,
        section: 'RFC 7692 §7.1.1.1',
        meaning:
          'The server empties its window after every message it sends: its messages never copy from earlier ones, so the same message twice costs the same twice. A server may say this even when the offer did not ask.',
      };
    case 'client_no_context_takeover':
      return {
        text,
        section: 'RFC 7692 §7.1.1.2',
        meaning:
          'The browser must empty its window after every message it sends. The offer did not ask for it; a server may demand it anyway, and the browser obeys.',
      };
    case 'server_max_window_bits':
      return {
        text,
        section: 'RFC 7692 §7.1.2.1',
        meaning: `The server copies from at most the last ${windowBytes(bits)} bytes it sent (2^${value}). The offer set no limit; a server may still limit itself, to save memory.`,
      };
    case 'client_max_window_bits':
      return {
        text,
        section: 'RFC 7692 §7.1.2.2',
        meaning: `The browser may copy from at most the last ${windowBytes(bits)} bytes it sent (2^${value}). Allowed only because the offer named client_max_window_bits.`,
      };
    default:
      return {
        text,
        section: 'RFC 7692 §7.1',
        meaning: 'Not a permessage-deflate parameter: a browser that reads it fails the connection.',
      };
  }
}

function itemNotes(item: ExtensionItem, side: 'offer' | 'answer'): ExtensionNote[] {
  if (item.name !== PERMESSAGE_DEFLATE) {
    return [
      {
        text: item.name,
        section: 'RFC 6455 §4.1, §9.1',
        meaning:
          side === 'answer'
            ? 'An extension the browser never offered. A server may only choose among what was offered, so the browser fails the connection: error, then close code 1006.'
            : 'An extension this lesson does not expect from a browser.',
      },
    ];
  }
  const head: ExtensionNote = {
    text: item.name,
    section: 'RFC 7692 §7',
    meaning:
      side === 'offer'
        ? 'The browser can compress each message with DEFLATE and asks whether the server can too.'
        : 'The server accepts: from now on either side may compress a data message, and marks each compressed one with RSV1 on its first frame (§6).',
  };
  const note = side === 'offer' ? offerNote : answerNote;
  return [head, ...item.params.map(([name, value]) => note(name, value))];
}

/**
 * A Sec-WebSocket-Extensions value explained element by element: each
 * extension, then each of its parameters. A value that does not parse is
 * one note saying what is wrong.
 */
export function extensionNotes(header: string, side: 'offer' | 'answer'): ExtensionNote[] {
  const items = parseExtensions(header);
  if (typeof items === 'string') {
    return [{ text: header, section: 'RFC 6455 §9.1', meaning: `Malformed: ${items}` }];
  }
  return items.flatMap((item) => itemNotes(item, side));
}
