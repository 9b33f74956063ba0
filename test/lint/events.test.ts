import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importGraph } from './helpers/import-graph.ts';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const EVENT_CLASS = /export class (\w+) extends Event \{\s*static readonly eventName = '([^']+)'/g;

/** Every custom event of src/: its class, its name, and whether listeners get it typed and readers find it documented. */
function customEvents(): { name: string; className: string; typed: boolean; documented: boolean }[] {
  const text = [...importGraph(SRC).keys()].map((file) => readFileSync(file, 'utf8')).join('\n');
  return [...text.matchAll(EVENT_CLASS)].map(([, className, name]) => ({
    name: name as string,
    className: className as string,
    // On an element: HTMLElementEventMap; on a plain target: its TypedEventTarget map.
    typed:
      new RegExp(`interface HTMLElementEventMap \\{[^}]*'${name}': ${className};`).test(text) ||
      text.includes(`[${className}.eventName]: ${className}`),
    documented: new RegExp(`@fires ${name} - `).test(text),
  }));
}

describe('custom events', () => {
  it('are all typed for their listeners and listed with @fires where they are fired', () => {
    const events = customEvents();
    assert.ok(events.length >= 6, `found only ${events.map((event) => event.name).join(', ')}`);
    assert.deepEqual(
      events.filter((event) => !event.typed || !event.documented),
      [],
    );
  });

  it('are all named wsp-…, never open, message, close or error', () => {
    assert.deepEqual(
      customEvents().filter((event) => !event.name.startsWith('wsp-')),
      [],
    );
  });
});
