/**
 * A JSON object from a network input (an inspect message, a lab's answer):
 * anything else throws an Error that says what is wrong, naming `what`.
 */
export function parseJsonObject(text: string, what: string): Readonly<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${what} is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${what} is not a JSON object`);
  }
  return parsed as Readonly<Record<string, unknown>>;
}
