/** How many bytes of a binary message a log line shows before "…". */
const SHOWN_BYTES = 16;
/** How many characters of a text message a log line shows before "…". */
const SHOWN_CHARS = 120;

export function hex(bytes: Uint8Array, limit = bytes.length): string {
  const shown = Array.from(bytes.subarray(0, limit), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > limit ? `${shown} …` : shown;
}

/** One line for a log: "text "hi" (2 bytes)" or "binary, 3 bytes: 01 02 03". */
export function describeSocketData(data: unknown): string {
  if (typeof data === 'string') {
    const size = new TextEncoder().encode(data).byteLength;
    const shown = data.length > SHOWN_CHARS ? `${data.slice(0, SHOWN_CHARS)}…` : data;
    return `text "${shown}" (${size} ${size === 1 ? 'byte' : 'bytes'})`;
  }
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    const bytes =
      data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return `binary, ${bytes.length} ${bytes.length === 1 ? 'byte' : 'bytes'}: ${hex(bytes, SHOWN_BYTES)}`;
  }
  if (data instanceof Blob) return `binary (a Blob), ${data.size} bytes`;
  return String(data);
}
