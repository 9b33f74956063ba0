/**
 * The Sec-WebSocket-Extensions grammar (RFC 6455 §9.1): parsed and written,
 * and checked against ws's own parser (lib/extension.js) on generated
 * headers. Known difference, asserted: §9.1 uses RFC 2616's implied
 * whitespace, so we accept spaces around "=" and around the whole value;
 * ws refuses them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatExtensions, parseExtensions, type ExtensionItem } from '../../src/protocol/index.ts';
import { createRandom } from './helpers/fixtures.ts';
import { wsExtension } from './helpers/ws-deflate.ts';

function parsed(header: string): ExtensionItem[] {
  const result = parseExtensions(header);
  assert.ok(typeof result !== 'string', `${header}: ${String(result)}`);
  return result;
}

/** Our result in ws's shape: name → list of offers, each param name → list of values. */
function asWs(items: readonly ExtensionItem[]): Record<string, Record<string, (string | true)[]>[]> {
  const offers: Record<string, Record<string, (string | true)[]>[]> = {};
  for (const { name, params } of items) {
    const grouped: Record<string, (string | true)[]> = {};
    for (const [key, value] of params) (grouped[key] ??= []).push(value);
    (offers[name] ??= []).push(grouped);
  }
  return offers;
}

describe('parseExtensions', () => {
  it("reads Chromium's offer", () => {
    assert.deepEqual(parsed('permessage-deflate; client_max_window_bits'), [
      { name: 'permessage-deflate', params: [['client_max_window_bits', true]] },
    ]);
  });

  it('reads several extensions, values, quoted values and escapes, in order', () => {
    assert.deepEqual(parsed('a; b=1; c, d;e="2" ,f; g="\\h\\i"'), [
      {
        name: 'a',
        params: [
          ['b', '1'],
          ['c', true],
        ],
      },
      { name: 'd', params: [['e', '2']] },
      { name: 'f', params: [['g', 'hi']] },
    ]);
  });

  it('allows spaces and tabs between tokens and separators (RFC 2616 implied *LWS)', () => {
    assert.deepEqual(parsed(' \tpermessage-deflate ;\tclient_max_window_bits = 10 , x '), [
      { name: 'permessage-deflate', params: [['client_max_window_bits', '10']] },
      { name: 'x', params: [] },
    ]);
  });

  it('keeps names as sent, duplicates included, for the caller to judge', () => {
    assert.deepEqual(parsed('Permessage-Deflate; A; A'), [
      {
        name: 'Permessage-Deflate',
        params: [
          ['A', true],
          ['A', true],
        ],
      },
    ]);
  });

  it('says in plain words what is malformed', () => {
    const cases: [string, RegExp][] = [
      ['', /Expected an extension name, but the header ends/],
      [';', /Expected an extension name, but position 0 holds ";"/],
      ['a;', /parameter name after ";" in a/],
      ['a,', /Expected an extension name/],
      ['a,,b', /Expected an extension name, but position 2/],
      ['a b', /Expected ";", "," or the end after a/],
      ['a; b=', /value of b in a/],
      ['a; b=""', /value of b in a/],
      ['a; b="c', /value of b in a/],
      ['a; b="c d"', /value of b in a/],
      ['a; b="c\\"', /value of b in a/],
      ['a; b=c=d', /Expected ";", "," or the end/],
      ['a; b="c"d', /Expected ";", "," or the end/],
      ['a/b', /Expected ";", "," or the end after a/],
      ['é', /Expected an extension name/],
    ];
    for (const [header, pattern] of cases) {
      const result = parseExtensions(header);
      assert.equal(typeof result, 'string', header);
      assert.match(String(result), pattern, header);
      assert.match(String(result), /RFC 6455 §9\.1/);
    }
  });
});

describe('formatExtensions', () => {
  it('writes as ws does', () => {
    const items: ExtensionItem[] = [
      {
        name: 'permessage-deflate',
        params: [
          ['client_max_window_bits', '10'],
          ['server_no_context_takeover', true],
        ],
      },
      { name: 'x', params: [] },
    ];
    assert.equal(
      formatExtensions(items),
      'permessage-deflate; client_max_window_bits=10; server_no_context_takeover, x',
    );
    assert.equal(
      formatExtensions(items),
      wsExtension.format({
        'permessage-deflate': [{ client_max_window_bits: 10, server_no_context_takeover: true }],
        x: [{}],
      }),
    );
    assert.equal(formatExtensions([]), '');
  });

  it('round-trips what it parses', () => {
    const header = 'a; b=1; c, d; e=2';
    assert.equal(formatExtensions(parsed(header)), header);
  });
});

describe('parseExtensions against ws extension.parse', () => {
  it('agrees on 5000 generated headers, valid and malformed, but for the spaces §9.1 allows', () => {
    const random = createRandom(0x9191);
    const pieces = [
      'a',
      'permessage-deflate',
      'x_y',
      'b1',
      '=',
      ';',
      ',',
      ' ',
      '\t',
      '"',
      '\\',
      '"v"',
      '10',
      '{',
      'é',
      '',
      '',
    ];
    const outcomes = { same: 0, refusedByBoth: 0, spaces: 0 };
    for (let round = 0; round < 5000; round++) {
      let header: string;
      if (random.chance(0.5)) {
        header = Array.from({ length: random.int(1, 10) }, () => random.pick(pieces)).join('');
      } else {
        const items = Array.from({ length: random.int(1, 3) }, () => {
          const params = Array.from({ length: random.int(0, 3) }, () =>
            random.pick(['p', 'q=1', 'r="2"', 's="\\t"', 't=', 'u=" "', 'v= 1', 'w =1']),
          );
          return [random.pick(['a', 'b', 'permessage-deflate']), ...params].join(random.pick(['; ', ';', ' ; ']));
        });
        header = items.join(random.pick([', ', ',', ' , ']));
      }
      const ours = parseExtensions(header);
      let theirs: ReturnType<typeof wsExtension.parse> | undefined;
      try {
        theirs = wsExtension.parse(header);
      } catch {
        theirs = undefined;
      }
      const where = JSON.stringify(header);
      if (theirs === undefined && typeof ours !== 'string') {
        // Known: only whitespace at the ends or around "=" separates the two.
        assert.match(header, /^[ \t]|[ \t]$|[ \t]=|=[ \t]/, `${where}: ws refuses, we accept`);
        outcomes.spaces++;
      } else if (theirs === undefined) {
        outcomes.refusedByBoth++;
      } else {
        assert.notEqual(typeof ours, 'string', `${where}: ws accepts, we refuse: ${String(ours)}`);
        assert.deepEqual(asWs(ours as ExtensionItem[]), JSON.parse(JSON.stringify(theirs)), where);
        outcomes.same++;
      }
    }
    for (const [outcome, count] of Object.entries(outcomes)) assert.ok(count > 100, `${outcome}: ${count}`);
  });
});
