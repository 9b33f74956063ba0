import { isBrowserCloseCode, MAX_CLOSE_REASON_BYTES, utf8Length } from '../../protocol/index.ts';
import { clampCloseCode } from '../../transport/simulated.ts';

/** The arguments of one `close()` call; undefined means "left out". */
export interface CloseArguments {
  readonly code: number | undefined;
  readonly reason: string | undefined;
}

/** The reader's fields as close() arguments: an empty code field is left out, and so is an empty reason. */
export function closeArguments(codeField: string, reasonField: string): CloseArguments {
  const code = codeField.trim();
  return { code: code === '' ? undefined : Number(code), reason: reasonField === '' ? undefined : reasonField };
}

/** The call exactly as the page makes it, as JavaScript: `ws.close(4000, "done")`. */
export function closeCall({ code, reason }: CloseArguments): string {
  const args = reason !== undefined ? [String(code), JSON.stringify(reason)] : code !== undefined ? [String(code)] : [];
  return `ws.close(${args.join(', ')})`;
}

/** What the browser's rules predict for a call, before it is made (WHATWG WebSockets, close()). */
export type CloseForecast =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'throws'; readonly name: 'InvalidAccessError' | 'SyntaxError'; readonly text: string };

export function forecastClose({ code, reason }: CloseArguments): CloseForecast {
  const bytes = reason === undefined ? 0 : utf8Length(reason);
  if (code === undefined && reason !== undefined) {
    return {
      kind: 'throws',
      name: 'InvalidAccessError',
      text: 'Chromium reads a left-out code followed by a reason as code 0, which close() refuses. Always pass a code with a reason.',
    };
  }
  // The browser first turns the argument into a whole number from 0 to 65535.
  const checked = code === undefined ? undefined : clampCloseCode(code);
  if (checked !== undefined && !isBrowserCloseCode(checked)) {
    const read = checked === code ? '' : ` (the browser reads ${code} as ${checked})`;
    return {
      kind: 'throws',
      name: 'InvalidAccessError',
      text: `close() takes only 1000 or 3000 to 4999${read}. The other codes are for the browser and servers to send.`,
    };
  }
  if (bytes > MAX_CLOSE_REASON_BYTES) {
    return {
      kind: 'throws',
      name: 'SyntaxError',
      text: `The reason is ${bytes} bytes of UTF-8; a close frame has room for ${MAX_CLOSE_REASON_BYTES}.`,
    };
  }
  if (checked === undefined) {
    return {
      kind: 'ok',
      text: 'A close frame with an empty body: no code, so the server reports 1005, and so will the page.',
    };
  }
  const reasonText = reason ? ` and a ${bytes}-byte reason` : '';
  return { kind: 'ok', text: `A close frame carrying code ${checked}${reasonText}.` };
}
