/**
 * `log(...values)` as one line of text, close to what DevTools' console
 * shows: strings as they are, bytes as numbers, an event by what it
 * carries, an object by its first keys. Deep and long values are cut short:
 * a line is for reading.
 */

const MAX_DEPTH = 2;
const MAX_ITEMS = 20;
const MAX_BYTES = 32;

function bytesOf(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  return value instanceof ArrayBuffer
    ? new Uint8Array(value)
    : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function list(items: readonly string[], total: number): string {
  return total > items.length ? `${items.join(', ')}, … ${total - items.length} more` : items.join(', ');
}

function formatBytes(value: ArrayBuffer | ArrayBufferView): string {
  const name = value.constructor.name;
  if (value instanceof ArrayBuffer || value instanceof Uint8Array || value instanceof DataView) {
    const bytes = bytesOf(value);
    return `${name}(${bytes.length}) [${list([...bytes.subarray(0, MAX_BYTES)].map(String), bytes.length)}]`;
  }
  const numbers = Array.from(value as unknown as ArrayLike<number | bigint>, String);
  return `${name}(${numbers.length}) [${list(numbers.slice(0, MAX_BYTES), numbers.length)}]`;
}

/** The fields of the events a socket fires that a reader wants to see. */
function eventFields(event: Event): Record<string, unknown> {
  if (event instanceof MessageEvent) return { data: event.data };
  if (event instanceof CloseEvent) return { code: event.code, reason: event.reason, wasClean: event.wasClean };
  return { type: event.type };
}

function formatObject(value: object, depth: number, seen: Set<object>): string {
  if (seen.has(value)) return '[Circular]';
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return formatBytes(value);
  if (value instanceof Blob) return `Blob(${value.size} bytes)`;
  if (typeof value === 'function') return `[function ${value.name || '(anonymous)'}]`;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? `Array(${value.length})` : '{…}';
  seen.add(value);
  try {
    const inner = (item: unknown): string => formatNested(item, depth + 1, seen);
    if (Array.isArray(value)) {
      return `[${list(value.slice(0, MAX_ITEMS).map(inner), value.length)}]`;
    }
    if (value instanceof Map) {
      const entries = [...value].slice(0, MAX_ITEMS).map(([key, item]) => `${inner(key)} => ${inner(item)}`);
      return `Map(${value.size}) {${list(entries, value.size)}}`;
    }
    if (value instanceof Set) {
      return `Set(${value.size}) {${list([...value].slice(0, MAX_ITEMS).map(inner), value.size)}}`;
    }
    const fields = value instanceof Event ? eventFields(value) : value;
    const keys = Object.keys(fields);
    const entries = keys.slice(0, MAX_ITEMS).map((key) => `${key}: ${inner((fields as Record<string, unknown>)[key])}`);
    const name = value.constructor?.name;
    const prefix = name && name !== 'Object' ? `${name} ` : '';
    return `${prefix}{${entries.length > 0 ? ` ${list(entries, keys.length)} ` : ''}}`;
  } finally {
    seen.delete(value);
  }
}

function formatNested(value: unknown, depth: number, seen: Set<object>): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return String(value);
  try {
    return formatObject(value, depth, seen);
  } catch {
    // A getter that throws, a revoked proxy: the value still gets a line.
    return unreadable(value);
  }
}

/** What a value whose reads throw is called: its tag if that can be read (a revoked proxy's cannot). */
function unreadable(value: object): string {
  try {
    return Object.prototype.toString.call(value);
  } catch {
    return `[${typeof value} that cannot be read]`;
  }
}

/** The line for `log(...values)`: top-level strings unquoted, as console.log prints them. */
export function formatValues(values: readonly unknown[]): string {
  return values.map((value) => (typeof value === 'string' ? value : formatNested(value, 0, new Set()))).join(' ');
}
