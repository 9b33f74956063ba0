/**
 * localStorage that never throws: it can (privacy modes, quotas, a sandboxed
 * frame), and then what the reader chose simply lasts for this page.
 */
export function readStored(storage: Storage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStored(storage: Storage, key: string, value: string | null): void {
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, value);
  } catch {
    return;
  }
}
