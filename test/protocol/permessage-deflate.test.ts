/**
 * permessage-deflate negotiation (RFC 7692 §7.1): the server's answer
 * against ws's own code over a table of offers and options, and the
 * client's check of an answer as Chromium makes it; the tail (§7.2.1).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHROMIUM_DEFLATE_OFFER,
  DEFLATE_TAIL,
  PERMESSAGE_DEFLATE,
  answerDeflateOffer,
  appendTail,
  checkDeflateAnswer,
  stripTail,
  type DeflateParams,
  type DeflateServerOptions,
} from '../../src/protocol/index.ts';
import { createRandom, hex, toHex } from './helpers/fixtures.ts';
import { wsAnswer } from './helpers/ws-deflate.ts';

const DEFAULTS: DeflateParams = {
  serverNoContextTakeover: false,
  clientNoContextTakeover: false,
  serverMaxWindowBits: 15,
  clientMaxWindowBits: 15,
};

/** Offers browsers and clients send, each parameter and value, and malformed ones. */
const OFFERS: readonly (string | undefined)[] = [
  undefined,
  CHROMIUM_DEFLATE_OFFER,
  'permessage-deflate',
  'permessage-deflate; client_max_window_bits; server_no_context_takeover',
  'permessage-deflate; server_no_context_takeover',
  'permessage-deflate; client_no_context_takeover',
  'permessage-deflate; server_no_context_takeover; client_no_context_takeover',
  'permessage-deflate; client_no_context_takeover; client_max_window_bits',
  ...[8, 9, 10, 12, 15].map((bits) => `permessage-deflate; server_max_window_bits=${bits}`),
  ...[8, 9, 10, 12, 15].map((bits) => `permessage-deflate; client_max_window_bits=${bits}`),
  'permessage-deflate; client_max_window_bits=10; server_max_window_bits=10',
  'permessage-deflate; server_max_window_bits=12; client_max_window_bits',
  'permessage-deflate; client_max_window_bits="10"',
  'permessage-deflate; client_max_window_bits=010',
  'permessage-deflate; client_max_window_bits=0x0a',
  'permessage-deflate; server_max_window_bits=1e1',
  'permessage-deflate; client_max_window_bits=7',
  'permessage-deflate; client_max_window_bits=16',
  'permessage-deflate; server_max_window_bits=abc',
  'permessage-deflate; server_max_window_bits',
  'permessage-deflate; server_no_context_takeover=1',
  'permessage-deflate; client_max_window_bits; client_max_window_bits',
  'permessage-deflate; x-unknown',
  'permessage-deflate; server_max_window_bits=10, permessage-deflate',
  'permessage-deflate; server_max_window_bits=8, permessage-deflate; client_max_window_bits',
  'permessage-deflate; server_no_context_takeover, permessage-deflate; client_max_window_bits=9',
  'permessage-deflate, permessage-deflate; foo',
  'x-webkit-deflate-frame',
  'x-webkit-deflate-frame, permessage-deflate; client_max_window_bits',
  'foo; bar=1, permessage-deflate',
  'Permessage-Deflate',
  'permessage-deflate ; client_max_window_bits',
  'permessage-deflate;client_max_window_bits',
  'permessage-deflate; client_max_window_bits = 10',
  'permessage-deflate; client_max_window_bits= 10',
  '  permessage-deflate  ',
  '',
  ';',
  'permessage-deflate;',
  'permessage-deflate,',
  'permessage-deflate; a="b',
  'permessage-deflate client_max_window_bits',
];

function optionTable(): DeflateServerOptions[] {
  const table: DeflateServerOptions[] = [];
  for (const serverNoContextTakeover of [undefined, true, false]) {
    for (const clientNoContextTakeover of [undefined, true, false]) {
      for (const serverMaxWindowBits of [undefined, 8, 10, 15]) {
        for (const clientMaxWindowBits of [undefined, 9, 12, 15]) {
          table.push({ serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits });
        }
      }
    }
  }
  return table;
}

/** Drops undefined fields: ws tells `false` from absent, and so must the options we hand it. */
function defined(options: DeflateServerOptions): DeflateServerOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function assertSameAsWs(offer: string | undefined, options: DeflateServerOptions): void {
  const ours = answerDeflateOffer(offer, options);
  const theirs = wsAnswer(offer, defined(options));
  const where = `offer ${JSON.stringify(offer)}, options ${JSON.stringify(defined(options))}`;
  if (typeof theirs === 'string' && theirs !== 'none') {
    assert.equal(ours?.header, theirs, where);
  } else {
    assert.equal(ours, null, `${where}: ws answers ${theirs}`);
  }
  if (ours && offer !== undefined) {
    // What the server answers, the client it answers accepts, with the same parameters.
    assert.deepEqual(checkDeflateAnswer(offer, ours.header), { ok: true, params: ours.params }, where);
  }
}

describe('answerDeflateOffer against ws 8', () => {
  it('answers exactly as ws does for every offer of the table under 144 sets of options', () => {
    const outcomes = { header: 0, none: 0 };
    for (const offer of OFFERS) {
      for (const options of optionTable()) {
        assertSameAsWs(offer, options);
        outcomes[answerDeflateOffer(offer, options) ? 'header' : 'none']++;
      }
    }
    assert.ok(outcomes.header > 1000 && outcomes.none > 1000, JSON.stringify(outcomes));
  });

  it('answers exactly as ws does for 3000 generated offers', () => {
    const random = createRandom(0x7692);
    const names = [PERMESSAGE_DEFLATE, PERMESSAGE_DEFLATE, PERMESSAGE_DEFLATE, 'x-webkit-deflate-frame', 'foo'];
    const params = [
      'server_no_context_takeover',
      'client_no_context_takeover',
      'server_max_window_bits',
      'client_max_window_bits',
      'client_max_window_bits',
      'mux',
    ];
    const values = ['8', '9', '11', '15', '7', '16', '"12"', '010', 'x'];
    const options = optionTable();
    const outcomes = { header: 0, none: 0 };
    for (let round = 0; round < 3000; round++) {
      const offer = Array.from({ length: random.int(1, 3) }, () => {
        const pieces = [random.pick(names)];
        for (let p = random.int(0, 3); p > 0; p--) {
          const name = random.pick(params);
          pieces.push(random.chance(0.5) ? name : `${name}=${random.pick(values)}`);
        }
        return pieces.join(random.pick(['; ', ';', ' ; ']));
      }).join(random.pick([', ', ',']));
      const chosen = random.pick(options);
      assertSameAsWs(offer, chosen);
      outcomes[answerDeflateOffer(offer, chosen) ? 'header' : 'none']++;
    }
    assert.ok(outcomes.header > 300 && outcomes.none > 300, JSON.stringify(outcomes));
  });

  it("answers Chromium's offer with the agreed parameters, in ws's order", () => {
    assert.deepEqual(answerDeflateOffer(CHROMIUM_DEFLATE_OFFER, {}), {
      header: 'permessage-deflate',
      params: DEFAULTS,
    });
    assert.deepEqual(
      answerDeflateOffer(CHROMIUM_DEFLATE_OFFER, {
        serverNoContextTakeover: true,
        clientNoContextTakeover: true,
        serverMaxWindowBits: 10,
        clientMaxWindowBits: 9,
        threshold: 0,
      }),
      {
        header:
          'permessage-deflate; client_max_window_bits=9; server_no_context_takeover; client_no_context_takeover; ' +
          'server_max_window_bits=10',
        params: {
          serverNoContextTakeover: true,
          clientNoContextTakeover: true,
          serverMaxWindowBits: 10,
          clientMaxWindowBits: 9,
        },
      },
    );
  });

  it('answers nothing without an offer, and refuses window bits outside 8..15 in its options', () => {
    assert.equal(answerDeflateOffer(undefined, {}), null);
    assert.equal(answerDeflateOffer('x-webkit-deflate-frame', {}), null);
    assert.throws(() => answerDeflateOffer(CHROMIUM_DEFLATE_OFFER, { serverMaxWindowBits: 7 }), RangeError);
    assert.throws(() => answerDeflateOffer(CHROMIUM_DEFLATE_OFFER, { clientMaxWindowBits: 16 }), RangeError);
  });
});

function accepted(offer: string, answer: string | undefined): DeflateParams | null {
  const result = checkDeflateAnswer(offer, answer);
  assert.ok(result.ok, `${answer} should be accepted: ${result.ok ? '' : result.reason}`);
  return result.params;
}

function refused(offer: string, answer: string, pattern: RegExp): void {
  const result = checkDeflateAnswer(offer, answer);
  assert.equal(result.ok, false, `${answer} should fail the connection`);
  if (result.ok) return;
  assert.match(result.reason, pattern);
  assert.match(result.reason, /RFC (6455|7692) §/, 'the reason cites the rule');
}

describe('checkDeflateAnswer: the client checks the 101 as Chromium does', () => {
  it('takes no header as compression declined', () => {
    assert.equal(accepted(CHROMIUM_DEFLATE_OFFER, undefined), null);
  });

  it('accepts a plain answer and each parameter', () => {
    assert.deepEqual(accepted(CHROMIUM_DEFLATE_OFFER, 'permessage-deflate'), DEFAULTS);
    assert.deepEqual(accepted(CHROMIUM_DEFLATE_OFFER, 'permessage-deflate; server_no_context_takeover'), {
      ...DEFAULTS,
      serverNoContextTakeover: true,
    });
    assert.deepEqual(accepted(CHROMIUM_DEFLATE_OFFER, 'permessage-deflate; client_no_context_takeover'), {
      ...DEFAULTS,
      clientNoContextTakeover: true,
    });
    assert.deepEqual(
      accepted(
        CHROMIUM_DEFLATE_OFFER,
        'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=10',
      ),
      { serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 9, clientMaxWindowBits: 10 },
    );
    assert.deepEqual(accepted(CHROMIUM_DEFLATE_OFFER, 'permessage-deflate; client_max_window_bits="12"'), {
      ...DEFAULTS,
      clientMaxWindowBits: 12,
    });
  });

  it('accepts window bits 8 to 15 for both directions', () => {
    for (let bits = 8; bits <= 15; bits++) {
      assert.equal(
        accepted(CHROMIUM_DEFLATE_OFFER, `permessage-deflate; server_max_window_bits=${bits}`)?.serverMaxWindowBits,
        bits,
      );
      assert.equal(
        accepted(CHROMIUM_DEFLATE_OFFER, `permessage-deflate; client_max_window_bits=${bits}`)?.clientMaxWindowBits,
        bits,
      );
    }
  });

  it('fails an extension the client did not offer (RFC 6455 §4.1)', () => {
    refused(
      CHROMIUM_DEFLATE_OFFER,
      'x-webkit-deflate-frame',
      /"x-webkit-deflate-frame", which the client did not offer.*§4\.1/,
    );
    refused(CHROMIUM_DEFLATE_OFFER, 'permessage-deflate, foo', /"foo"/);
    refused('x-webkit-deflate-frame', 'permessage-deflate', /"permessage-deflate", which the client did not offer/);
    refused(CHROMIUM_DEFLATE_OFFER, 'Permessage-Deflate', /did not offer/);
  });

  it('fails client_max_window_bits when the offer did not name it (RFC 7692 §7.1.2.2)', () => {
    refused('permessage-deflate', 'permessage-deflate; client_max_window_bits=10', /did not offer it.*§7\.1\.2\.2/);
    assert.deepEqual(accepted('permessage-deflate', 'permessage-deflate; server_max_window_bits=10'), {
      ...DEFAULTS,
      serverMaxWindowBits: 10,
    });
  });

  it('fails window bits 7, 16, non-numeric, with a leading zero or without a value', () => {
    for (const value of ['7', '16', '0', 'abc', '010', '1e1', '10.0', '"7"']) {
      refused(CHROMIUM_DEFLATE_OFFER, `permessage-deflate; server_max_window_bits=${value}`, /§7\.1\.2\.1/);
      refused(CHROMIUM_DEFLATE_OFFER, `permessage-deflate; client_max_window_bits=${value}`, /§7\.1\.2\.2/);
    }
    refused(CHROMIUM_DEFLATE_OFFER, 'permessage-deflate; client_max_window_bits', /has no value.*§7\.1\.2\.2/);
    refused(CHROMIUM_DEFLATE_OFFER, 'permessage-deflate; server_max_window_bits', /has no value.*§7\.1\.2\.1/);
  });

  it('fails a value on a no_context_takeover parameter', () => {
    refused(CHROMIUM_DEFLATE_OFFER, 'permessage-deflate; server_no_context_takeover=1', /takes none.*§7\.1\.1/);
    refused(CHROMIUM_DEFLATE_OFFER, 'permessage-deflate; client_no_context_takeover=true', /takes none/);
  });

  it('fails a duplicated parameter and an unknown one (RFC 7692 §7.1)', () => {
    refused(
      CHROMIUM_DEFLATE_OFFER,
      'permessage-deflate; server_no_context_takeover; server_no_context_takeover',
      /names server_no_context_takeover twice.*§7\.1/,
    );
    refused(
      CHROMIUM_DEFLATE_OFFER,
      'permessage-deflate; client_max_window_bits=10; client_max_window_bits=10',
      /twice/,
    );
    refused(CHROMIUM_DEFLATE_OFFER, 'permessage-deflate; mux', /"mux", which RFC 7692 §7\.1 does not define/);
  });

  it('fails two permessage-deflate answers', () => {
    refused(CHROMIUM_DEFLATE_OFFER, 'permessage-deflate, permessage-deflate; client_max_window_bits=10', /twice.*§5/);
  });

  it('fails a malformed header (RFC 6455 §9.1)', () => {
    for (const answer of [';', '', 'permessage-deflate;', 'permessage-deflate,', 'permessage-deflate client', 'a="b']) {
      refused(CHROMIUM_DEFLATE_OFFER, answer, /malformed.*§9\.1/);
    }
  });

  it('holds the answer to what the offer asked of the server (RFC 7692 §7.1.1.1, §7.1.2.1)', () => {
    const offer = 'permessage-deflate; server_no_context_takeover; server_max_window_bits=10';
    assert.ok(checkDeflateAnswer(offer, 'permessage-deflate; server_no_context_takeover; server_max_window_bits=9').ok);
    refused(offer, 'permessage-deflate; server_max_window_bits=10', /server_no_context_takeover.*§7\.1\.1\.1/);
    refused(offer, 'permessage-deflate; server_no_context_takeover; server_max_window_bits=11', /§7\.1\.2\.1/);
    refused(offer, 'permessage-deflate; server_no_context_takeover', /§7\.1\.2\.1/);
    // With two offers, an answer that fits either is accepted.
    assert.ok(checkDeflateAnswer(`${offer}, ${CHROMIUM_DEFLATE_OFFER}`, 'permessage-deflate').ok);
  });
});

describe('the tail (RFC 7692 §7.2.1, §7.2.2)', () => {
  it('is 00 00 ff ff', () => {
    assert.equal(toHex(DEFLATE_TAIL), '00 00 ff ff');
  });

  it('stripTail removes it, appendTail puts it back', () => {
    const flushed = hex('f2 48 cd c9 c9 07 00 00 00 ff ff');
    const stripped = stripTail(flushed);
    assert.equal(toHex(stripped), 'f2 48 cd c9 c9 07 00');
    assert.equal(toHex(appendTail(stripped)), toHex(flushed));
    assert.equal(toHex(appendTail(new Uint8Array(0))), '00 00 ff ff');
  });

  it('stripTail throws when the data does not end with it', () => {
    for (const data of [hex(''), hex('00 ff ff'), hex('f2 48 cd c9 c9 07 00'), hex('00 00 ff fe')]) {
      assert.throws(() => stripTail(data), /00 00 ff ff.*§7\.2\.1/);
    }
  });
});
