import { expect } from '@open-wc/testing';
import { harLog, type SeenConnection } from '../../../src/playground/any-server/har.ts';
import { encodeMessage, MessageFormat } from '../../../src/playground/any-server/message-encoding.ts';
import { exportFileName, seenJson } from '../../../src/playground/any-server/seen-json.ts';
import {
  parseTemplates,
  TEMPLATES_KEY,
  TemplateLimits,
  TemplateStore,
} from '../../../src/playground/any-server/templates.ts';
import { checkSocketUrl, FAILURE_EXPLANATION } from '../../../src/transport/any-server.ts';

/** What `encodeMessage` sent, or a failure naming what it refused instead. */
function sent(format: MessageFormat, body: string): string | Uint8Array {
  const encoded = encodeMessage(format, body);
  if (!encoded.ok) throw new Error(`refused: ${encoded.reason}`);
  return encoded.data;
}

function refusal(format: MessageFormat, body: string): string {
  const encoded = encodeMessage(format, body);
  if (encoded.ok) throw new Error(`sent ${String(encoded.data)}`);
  return encoded.reason;
}

describe('the composer’s formats', () => {
  it('sends text as typed, sized in UTF-8 bytes', () => {
    const encoded = encodeMessage(MessageFormat.text, 'héllo €');
    expect(encoded).to.deep.equal({ ok: true, data: 'héllo €', size: 10 });
    expect(sent(MessageFormat.text, '')).to.equal('');
  });

  it('sends JSON as typed text once the parser accepts it', () => {
    expect(sent(MessageFormat.json, '{ "type": "ping", "n": 1 }')).to.equal('{ "type": "ping", "n": 1 }');
    expect(sent(MessageFormat.json, '42')).to.equal('42');
  });

  it('refuses junk JSON with the parser’s own message', () => {
    let parserSays = '';
    try {
      JSON.parse('{"type": ping}');
    } catch (error) {
      parserSays = (error as Error).message;
    }
    expect(refusal(MessageFormat.json, '{"type": ping}')).to.equal(`Not JSON, so not sent: ${parserSays}`);
    expect(refusal(MessageFormat.json, '')).to.match(/^Not JSON, so not sent: /);
  });

  it('reads hex as bytes, with spaces and line breaks between them', () => {
    expect(sent(MessageFormat.hex, '00 ff 7F\n0a')).to.deep.equal(new Uint8Array([0x00, 0xff, 0x7f, 0x0a]));
    expect(sent(MessageFormat.hex, 'deadbeef')).to.deep.equal(new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    expect(sent(MessageFormat.hex, '')).to.deep.equal(new Uint8Array(0));
  });

  it('refuses an odd number of hex digits and anything that is not one', () => {
    expect(refusal(MessageFormat.hex, 'abc')).to.contain('3 hex digits, and a byte takes two');
    expect(refusal(MessageFormat.hex, '0g')).to.contain('“g” is not a hex digit');
    expect(refusal(MessageFormat.hex, '0x41')).to.contain('“x” is not a hex digit');
  });

  it('reads base64 with or without padding, and base64url with its own alphabet', () => {
    expect(sent(MessageFormat.base64, 'AAEC/w==')).to.deep.equal(new Uint8Array([0, 1, 2, 255]));
    expect(sent(MessageFormat.base64, 'AAEC/w')).to.deep.equal(new Uint8Array([0, 1, 2, 255]));
    expect(sent(MessageFormat.base64, 'aGVs\nbG8=')).to.deep.equal(new TextEncoder().encode('hello'));
    expect(sent(MessageFormat.base64url, 'AAEC_-8')).to.deep.equal(new Uint8Array([0, 1, 2, 255, 239]));
    expect(sent(MessageFormat.base64, '')).to.deep.equal(new Uint8Array(0));
  });

  it('refuses base64 that is not: a stranger character, a length no bytes end at, bad padding, stray bits', () => {
    expect(refusal(MessageFormat.base64, 'AA*A')).to.contain('“*” is not in its alphabet');
    expect(refusal(MessageFormat.base64, 'AAAAA')).to.contain('5 characters cannot end in whole bytes');
    expect(refusal(MessageFormat.base64, 'QQ=')).to.contain('the = padding does not fit');
    expect(refusal(MessageFormat.base64, 'QR==')).to.contain('bits past the data that are not zero');
    expect(refusal(MessageFormat.base64, 'AA==AA==')).to.contain('“=” is not in its alphabet');
  });

  it('refuses + and / in base64url, saying what it writes instead', () => {
    expect(refusal(MessageFormat.base64url, 'AAEC/w')).to.contain('base64url writes - and _ for + and /');
    expect(refusal(MessageFormat.base64, 'AAEC_w')).to.contain('“_” is not in its alphabet');
  });
});

describe('the URL check', () => {
  it('takes ws: and wss:, and maps http: and https: to them as the WebSocket constructor does', () => {
    expect(checkSocketUrl(' wss://echo.example/socket?x=1 ')).to.deep.equal({
      ok: true,
      url: 'wss://echo.example/socket?x=1',
    });
    expect(checkSocketUrl('http://localhost:8080/echo')).to.deep.equal({ ok: true, url: 'ws://localhost:8080/echo' });
    expect(checkSocketUrl('https://echo.example')).to.deep.equal({ ok: true, url: 'wss://echo.example/' });
  });

  it('refuses, with a sentence, what the constructor would throw on', () => {
    const reason = (text: string): string => {
      const checked = checkSocketUrl(text);
      if (checked.ok) throw new Error(`accepted ${checked.url}`);
      return checked.reason;
    };
    expect(reason('')).to.contain('Type a server’s URL first');
    expect(reason('not a url')).to.contain('is not a URL');
    expect(reason('ftp://files.example/')).to.contain('starts with ftp:');
    expect(reason('ws://echo.example/#top')).to.contain('#fragment');
  });
});

const T0 = 1_780_000_000_000.25;
const OPENED: SeenConnection = {
  url: 'wss://echo.example/socket?room=a&name=b',
  dropped: 0,
  events: [
    { type: 'connecting', time: T0, url: 'wss://echo.example/socket?room=a&name=b' },
    { type: 'open', time: T0 + 40, protocol: 'chat', extensions: 'permessage-deflate' },
    { type: 'close', time: T0 + 400, code: 1000, reason: 'done', wasClean: true },
  ],
  messages: [
    { direction: 'send', time: T0 + 100.5, opcode: 1, data: 'héllo', size: 6 },
    { direction: 'receive', time: T0 + 101.75, opcode: 1, data: 'héllo', size: 6 },
    { direction: 'send', time: T0 + 200, opcode: 2, data: new Uint8Array([0, 1, 2, 255]), size: 4 },
    { direction: 'receive', time: T0 + 201, opcode: 2, data: new Uint8Array([0, 1, 2, 255]), size: 4 },
  ],
};

describe('the HAR export', () => {
  it('is a HAR 1.2 log with one websocket entry: GET of the URL, answered 101', () => {
    const har = JSON.parse(JSON.stringify(harLog(OPENED)));
    expect(har.log.version).to.equal('1.2');
    expect(har.log.creator.name).to.be.a('string');
    expect(har.log.entries).to.have.length(1);
    const [entry] = har.log.entries;
    expect(entry._resourceType).to.equal('websocket');
    expect(entry.startedDateTime).to.equal(new Date(T0).toISOString());
    expect(entry.time).to.equal(40);
    expect(entry.request.method).to.equal('GET');
    expect(entry.request.url).to.equal('wss://echo.example/socket?room=a&name=b');
    expect(entry.request.queryString).to.deep.equal([
      { name: 'room', value: 'a' },
      { name: 'name', value: 'b' },
    ]);
    expect(entry.response.status).to.equal(101);
    expect(entry.response.statusText).to.equal('Switching Protocols');
    expect(entry.response.headers).to.deep.equal([
      { name: 'Sec-WebSocket-Protocol', value: 'chat' },
      { name: 'Sec-WebSocket-Extensions', value: 'permessage-deflate' },
    ]);
    expect(entry._webSocketClose).to.deep.equal({ code: 1000, reason: 'done', wasClean: true });
    for (const field of ['timings', 'cache', 'request', 'response']) expect(entry).to.have.property(field);
    for (const field of ['send', 'wait', 'receive']) expect(entry.timings[field]).to.be.a('number');
  });

  it('holds every message as Chrome writes it: direction, time in epoch seconds, opcode, binary as base64', () => {
    const messages = harLog(OPENED).log.entries[0]!._webSocketMessages;
    expect(messages).to.deep.equal([
      { type: 'send', time: (T0 + 100.5) / 1000, opcode: 1, data: 'héllo' },
      { type: 'receive', time: (T0 + 101.75) / 1000, opcode: 1, data: 'héllo' },
      { type: 'send', time: (T0 + 200) / 1000, opcode: 2, data: 'AAEC/w==' },
      { type: 'receive', time: (T0 + 201) / 1000, opcode: 2, data: 'AAEC/w==' },
    ]);
  });

  it('answers a connection that never opened with status 0 and the honest reason', () => {
    const failed: SeenConnection = {
      url: 'ws://127.0.0.1:1/',
      dropped: 0,
      messages: [],
      events: [
        { type: 'connecting', time: T0, url: 'ws://127.0.0.1:1/' },
        { type: 'error', time: T0 + 3, text: FAILURE_EXPLANATION },
        { type: 'close', time: T0 + 3, code: 1006, reason: '', wasClean: false },
      ],
    };
    const [entry] = harLog(failed).log.entries;
    expect(entry!.response.status).to.equal(0);
    expect(entry!.response._error).to.equal(FAILURE_EXPLANATION);
    expect(entry!._webSocketMessages).to.deep.equal([]);
    expect(entry!._webSocketClose).to.deep.equal({ code: 1006, reason: '', wasClean: false });
  });

  it('says in its comment how many old messages were dropped', () => {
    const [entry] = harLog({ ...OPENED, dropped: 7 }).log.entries;
    expect(entry!.comment).to.contain('The 7 oldest messages were dropped');
    expect(harLog(OPENED).log.entries[0]!.comment).to.not.contain('dropped');
  });
});

describe('the JSON export', () => {
  it('holds the events and every message, text as text and bytes as base64', () => {
    const json = JSON.parse(JSON.stringify(seenJson(OPENED)));
    expect(json.url).to.equal(OPENED.url);
    expect(json.events.map((event: { type: string }) => event.type)).to.deep.equal(['connecting', 'open', 'close']);
    expect(json.messages[0]).to.deep.equal({ direction: 'send', time: T0 + 100.5, opcode: 1, size: 6, text: 'héllo' });
    expect(json.messages[3]).to.deep.equal({
      direction: 'receive',
      time: T0 + 201,
      opcode: 2,
      size: 4,
      base64: 'AAEC/w==',
    });
    expect(json.limits.messages).to.be.greaterThan(0);
  });

  it('names its files after the server and the time', () => {
    const time = Date.UTC(2026, 11, 2, 14, 25, 1, 500);
    expect(exportFileName('wss://echo.example:8443/x', time, 'har')).to.equal(
      'any-server-echo.example_8443-20261202-142501.har',
    );
  });
});

/** A Storage whose every call throws, as privacy modes and sandboxed frames can. */
const THROWING: Storage = {
  length: 0,
  clear: () => {
    throw new Error('denied');
  },
  getItem: () => {
    throw new Error('denied');
  },
  key: () => null,
  removeItem: () => {
    throw new Error('denied');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

/** A Storage in memory holding `stored` under the templates' key. */
function memoryStorage(stored?: string): Storage {
  const items = new Map<string, string>(stored === undefined ? [] : [[TEMPLATES_KEY, stored]]);
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('the message templates', () => {
  it('keep what the reader saved in storage, and read it back', () => {
    const storage = memoryStorage();
    const store = new TemplateStore(storage);
    expect(store.save({ name: ' hello ', format: MessageFormat.text, body: 'hi' })).to.equal(undefined);
    expect(store.save({ name: 'bytes', format: MessageFormat.hex, body: '01 02' })).to.equal(undefined);
    expect(store.save({ name: 'hello', format: MessageFormat.json, body: '{}' })).to.equal(undefined);
    const again = new TemplateStore(storage);
    expect(again.templates).to.deep.equal([
      { name: 'hello', format: 'json', body: '{}' },
      { name: 'bytes', format: 'hex', body: '01 02' },
    ]);
    again.remove('hello');
    expect(new TemplateStore(storage).templates.map((template) => template.name)).to.deep.equal(['bytes']);
  });

  it('leave out junk in storage instead of throwing', () => {
    for (const junk of ['not json', '{"a": 1}', 'null', '42', '"text"']) expect(parseTemplates(junk)).to.deep.equal([]);
    const mixed = JSON.stringify([
      null,
      7,
      { name: 'ok', format: 'base64', body: 'AA==' },
      { name: '', format: 'text', body: 'no name' },
      { name: 'bad format', format: 'morse', body: '.-' },
      { name: 'no body', format: 'text' },
      { name: 'ok', format: 'text', body: 'a second of the same name' },
      { name: 'x'.repeat(TemplateLimits.nameLength + 1), format: 'text', body: '' },
    ]);
    expect(new TemplateStore(memoryStorage(mixed)).templates).to.deep.equal([
      { name: 'ok', format: 'base64', body: 'AA==' },
    ]);
  });

  it('work for the page when storage throws on every call', () => {
    const store = new TemplateStore(THROWING);
    expect(store.templates).to.deep.equal([]);
    expect(store.save({ name: 'kept', format: MessageFormat.text, body: 'for this page' })).to.equal(undefined);
    expect(store.templates).to.have.length(1);
    store.remove('kept');
    expect(store.templates).to.deep.equal([]);
    expect(new TemplateStore(undefined).templates).to.deep.equal([]);
  });

  it('refuse a template without a name, and one past the limit', () => {
    const store = new TemplateStore(memoryStorage());
    expect(store.save({ name: '  ', format: MessageFormat.text, body: '' })).to.equal('A template needs a name.');
    for (let i = 0; i < TemplateLimits.count; i++) {
      expect(store.save({ name: `t${i}`, format: MessageFormat.text, body: '' })).to.equal(undefined);
    }
    expect(store.save({ name: 'one more', format: MessageFormat.text, body: '' })).to.contain('delete one first');
    expect(store.save({ name: 't3', format: MessageFormat.text, body: 'replaced' })).to.equal(undefined);
  });
});
