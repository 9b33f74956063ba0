/**
 * Close codes (RFC 6455 §7.4): the registered ones from 1000 to 1015, the
 * IANA additions 1012-1014, and the ranges left to libraries (3000-3999) and
 * to applications (4000-4999).
 */

/** Named close codes, for code that sends or checks one. */
export const CloseCode = {
  normalClosure: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  reserved: 1004,
  noStatusReceived: 1005,
  abnormalClosure: 1006,
  invalidPayloadData: 1007,
  policyViolation: 1008,
  messageTooBig: 1009,
  mandatoryExtension: 1010,
  internalError: 1011,
  serviceRestart: 1012,
  tryAgainLater: 1013,
  badGateway: 1014,
  tlsHandshake: 1015,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * Who may put the code in a Close frame: `never` marks the reserved codes and
 * those an endpoint only reports locally, which §7.4.1 says MUST NOT be set
 * in a Close frame.
 */
export type CloseCodeSentBy = 'either' | 'client' | 'server' | 'never';

export interface CloseCodeInfo {
  /** The first code this entry covers. */
  readonly from: number;
  /** The last code this entry covers (equal to `from` for a single code). */
  readonly to: number;
  readonly name: string;
  /** What the code says, in plain words. */
  readonly meaning: string;
  readonly sentBy: CloseCodeSentBy;
  /** Whether a browser's `WebSocket.close(code)` accepts it (1000 and 3000-4999). */
  readonly browserClose: boolean;
  /** Where the code is defined: an RFC 6455 section or the IANA registry. */
  readonly section: string;
}

/** Every code from 0 to 4999, in order, as single codes or ranges. */
export const CLOSE_CODES: readonly CloseCodeInfo[] = [
  {
    from: 0,
    to: 999,
    name: 'Not used',
    meaning: 'Codes below 1000 are not used as close codes.',
    sentBy: 'never',
    browserClose: false,
    section: '§7.4.2',
  },
  {
    from: 1000,
    to: 1000,
    name: 'Normal Closure',
    meaning: 'The purpose of the connection has been fulfilled.',
    sentBy: 'either',
    browserClose: true,
    section: '§7.4.1',
  },
  {
    from: 1001,
    to: 1001,
    name: 'Going Away',
    meaning: 'The endpoint is going away: a server shutting down, or a browser leaving the page.',
    sentBy: 'either',
    browserClose: false,
    section: '§7.4.1',
  },
  {
    from: 1002,
    to: 1002,
    name: 'Protocol Error',
    meaning: 'The peer broke the protocol, for example with a reserved opcode or an unmasked client frame.',
    sentBy: 'either',
    browserClose: false,
    section: '§7.4.1',
  },
  {
    from: 1003,
    to: 1003,
    name: 'Unsupported Data',
    meaning: 'The endpoint received a type of data it cannot accept (say, binary where it only understands text).',
    sentBy: 'either',
    browserClose: false,
    section: '§7.4.1',
  },
  {
    from: 1004,
    to: 1004,
    name: 'Reserved',
    meaning: 'Reserved: a meaning may be defined in the future. Never sent.',
    sentBy: 'never',
    browserClose: false,
    section: '§7.4.1',
  },
  {
    from: 1005,
    to: 1005,
    name: 'No Status Received',
    meaning: 'Reported locally when the Close frame carried no code. Never sent.',
    sentBy: 'never',
    browserClose: false,
    section: '§7.4.1',
  },
  {
    from: 1006,
    to: 1006,
    name: 'Abnormal Closure',
    meaning:
      'Reported locally when the connection ended without a Close frame, or never opened. A browser reports every failure to connect this way, a failed TLS handshake included. Never sent.',
    sentBy: 'never',
    browserClose: false,
    section: '§7.4.1',
  },
  {
    from: 1007,
    to: 1007,
    name: 'Invalid Frame Payload Data',
    meaning: 'A message held data inconsistent with its type, such as a text message that is not UTF-8.',
    sentBy: 'either',
    browserClose: false,
    section: '§7.4.1',
  },
  {
    from: 1008,
    to: 1008,
    name: 'Policy Violation',
    meaning: 'A message broke the endpoint\u2019s policy; the generic code when no other fits.',
    sentBy: 'either',
    browserClose: false,
    section: '§7.4.1',
  },
  {
    from: 1009,
    to: 1009,
    name: 'Message Too Big',
    meaning: 'A message was too big for the endpoint to process.',
    sentBy: 'either',
    browserClose: false,
    section: '§7.4.1',
  },
  {
    from: 1010,
    to: 1010,
    name: 'Mandatory Extension',
    meaning: 'The client needed an extension the server did not negotiate (a server refuses in the handshake instead).',
    sentBy: 'client',
    browserClose: false,
    section: '§7.4.1',
  },
  {
    from: 1011,
    to: 1011,
    name: 'Internal Error',
    meaning: 'An unexpected condition kept the endpoint from fulfilling the request.',
    // The RFC's text says "a server"; an erratum widened it to either endpoint.
    sentBy: 'either',
    browserClose: false,
    section: '§7.4.1',
  },
  {
    from: 1012,
    to: 1012,
    name: 'Service Restart',
    meaning: 'The server is restarting; reconnect after a short wait.',
    sentBy: 'server',
    browserClose: false,
    section: 'IANA registry',
  },
  {
    from: 1013,
    to: 1013,
    name: 'Try Again Later',
    meaning: 'The server is overloaded for now; reconnect later.',
    sentBy: 'server',
    browserClose: false,
    section: 'IANA registry',
  },
  {
    from: 1014,
    to: 1014,
    name: 'Bad Gateway',
    meaning: 'A gateway or proxy got an invalid response from the server behind it.',
    sentBy: 'server',
    browserClose: false,
    section: 'IANA registry',
  },
  {
    from: 1015,
    to: 1015,
    name: 'TLS Handshake',
    // RFC 6455 defines it; the WHATWG WebSockets Standard (§4, "Feedback from the
    // protocol") forbids a browser to tell a script that TLS failed: "the code
    // 1015 is not used by the user agent". The page gets 1006 instead.
    meaning:
      'Reported locally by a client outside the browser when the TLS handshake failed (say, a bad certificate). Never sent, and never reported by a browser: its page sees 1006.',
    sentBy: 'never',
    browserClose: false,
    section: '§7.4.1',
  },
  {
    from: 1016,
    to: 2999,
    name: 'Reserved for the protocol',
    meaning: 'Reserved for future revisions of the protocol and its extensions.',
    sentBy: 'never',
    browserClose: false,
    section: '§7.4.2',
  },
  {
    from: 3000,
    to: 3999,
    name: 'Libraries and frameworks',
    meaning: 'Registered with IANA by libraries, frameworks and applications.',
    sentBy: 'either',
    browserClose: true,
    section: '§7.4.2',
  },
  {
    from: 4000,
    to: 4999,
    name: 'Private use',
    meaning: 'Free for an application to use as its two ends agree; not registered.',
    sentBy: 'either',
    browserClose: true,
    section: '§7.4.2',
  },
];

/** The table entry for `code`, or undefined for anything outside 0-4999. */
export function describeCloseCode(code: number): CloseCodeInfo | undefined {
  if (!Number.isInteger(code)) return undefined;
  return CLOSE_CODES.find((entry) => code >= entry.from && code <= entry.to);
}

/** A close code with its name from the table, as a reader reads it: `4000 (Private use)`. */
export function closeCodeLabel(code: number): string {
  const info = describeCloseCode(code);
  return info ? `${code} (${info.name})` : String(code);
}

/**
 * Whether `code` may appear in a Close frame on the wire: 1000-1003 and
 * 1007-1011 (§7.4.1), 1012-1014 (IANA registry) and 3000-4999 (§7.4.2). The
 * same set as ws's `isValidStatusCode`. §7.4.1 says 1005, 1006 and 1015
 * MUST NOT be sent and §7.4 leaves the rest reserved or unused; it says
 * nothing of a receiver that gets one. Failing that connection with 1002 is
 * ws's practice, which this site's parser follows, not a rule of the RFC.
 */
export function isValidCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999)
  );
}

/**
 * Whether a browser's `WebSocket.close(code)` accepts `code`: 1000 or
 * 3000-4999 (WHATWG WebSockets, the `close()` method); any other code throws
 * an `InvalidAccessError` in the page. The other codes are the browser's own
 * to send.
 */
export function isBrowserCloseCode(code: number): boolean {
  return code === 1000 || (Number.isInteger(code) && code >= 3000 && code <= 4999);
}
