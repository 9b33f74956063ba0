/**
 * A whole number as "12,345", the way the lessons write counts of bytes,
 * messages and milliseconds. Not `toLocaleString`: its first call loads the
 * locale's number rules, about 20 ms of a lesson's first render in Chromium,
 * four times that on a phone. A fraction, never passed today, is kept whole.
 */
export function groupDigits(value: number): string {
  const [whole = '', fraction] = String(value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
