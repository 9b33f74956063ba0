/**
 * The Sec-WebSocket-Extensions header (RFC 6455 §9.1), read and written:
 *
 *   extension-list = 1#extension
 *   extension      = extension-token *( ";" extension-param )
 *   extension-param = token [ "=" (token | quoted-string) ]
 *
 * As RFC 2616 (which §9.1's ABNF uses) allows, spaces and tabs may stand
 * between any two tokens and separators. Names keep the case they were sent
 * in; ws and Chromium both compare them exactly (`permessage-deflate`).
 */

/** One extension of the list, its parameters in header order (`true`: a parameter with no value). */
export interface ExtensionItem {
  readonly name: string;
  readonly params: readonly (readonly [string, string | true])[];
}

/** An HTTP token character (RFC 2616 §2.2): visible ASCII but the separators. */
function isTokenChar(code: number): boolean {
  if (code <= 0x20 || code >= 0x7f) return false;
  // ( ) < > @ , ; : \ " / [ ] ? = { }
  return !'()<>@,;:\\"/[]?={}'.includes(String.fromCharCode(code));
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

function describe(header: string, at: number): string {
  return at >= header.length ? 'the header ends' : `position ${at} holds ${JSON.stringify(header[at])}`;
}

/**
 * Parses the header's value. Returns the extensions in order, or a sentence
 * saying what is malformed (a string), for the reader to see.
 */
export function parseExtensions(header: string): ExtensionItem[] | string {
  let at = 0;
  const skipSpaces = (): void => {
    while (at < header.length && isSpace(header.charCodeAt(at))) at++;
  };
  const token = (): string => {
    const start = at;
    while (at < header.length && isTokenChar(header.charCodeAt(at))) at++;
    return header.slice(start, at);
  };
  /** A quoted-string whose unescaped value must be a token (§9.1); null when malformed. */
  const quoted = (): string | null => {
    at++; // the opening quote
    let value = '';
    while (at < header.length) {
      let code = header.charCodeAt(at);
      if (code === 0x22) {
        at++;
        return value.length > 0 ? value : null;
      }
      if (code === 0x5c) {
        at++;
        if (at >= header.length) return null;
        code = header.charCodeAt(at);
      }
      if (!isTokenChar(code)) return null;
      value += header[at];
      at++;
    }
    return null;
  };

  const items: ExtensionItem[] = [];
  for (;;) {
    skipSpaces();
    const name = token();
    if (name === '') return `Expected an extension name, but ${describe(header, at)} (RFC 6455 §9.1).`;
    const params: [string, string | true][] = [];
    skipSpaces();
    while (header[at] === ';') {
      at++;
      skipSpaces();
      const param = token();
      if (param === '') {
        return `Expected a parameter name after ";" in ${name}, but ${describe(header, at)} (RFC 6455 §9.1).`;
      }
      skipSpaces();
      let value: string | true = true;
      if (header[at] === '=') {
        at++;
        skipSpaces();
        const start = at;
        const read = header[at] === '"' ? quoted() : token();
        if (read === null || read === '') {
          return (
            `The value of ${param} in ${name} is not a token or a quoted token: ${describe(header, start)} ` +
            '(RFC 6455 §9.1).'
          );
        }
        value = read;
        skipSpaces();
      }
      params.push([param, value]);
    }
    items.push({ name, params });
    if (at >= header.length) return items;
    if (header[at] !== ',') {
      return `Expected ";", "," or the end after ${name}, but ${describe(header, at)} (RFC 6455 §9.1).`;
    }
    at++;
  }
}

/** Writes the header value as ws's `extension.format` does: `a; b=1, c`. */
export function formatExtensions(items: readonly ExtensionItem[]): string {
  return items
    .map(({ name, params }) =>
      [name, ...params.map(([key, value]) => (value === true ? key : `${key}=${value}`))].join('; '),
    )
    .join(', ');
}
