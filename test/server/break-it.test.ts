import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import {
  acceptWithGuid,
  Breakage,
  checkServerAnswer,
  computeAccept,
  parseBreakItAnswer,
  parseHttpMessage,
  WRONG_GUID,
  type HttpMessage,
} from '../../src/protocol/index.ts';
import { simulateBrokenHandshake } from '../../src/transport/simulated-broken-handshake.ts';
import type { LogFields } from '../../server/log.ts';
import { startPlaygroundServer, type PlaygroundServer } from '../../server/playground-server.ts';

const PAGE = 'http://localhost:5302';

async function post(
  url: string,
  body: string,
  origin: string | undefined = PAGE,
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${url}/break-it`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'break-it test',
      ...(origin ? { Origin: origin } : {}),
    },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function header(message: HttpMessage, name: string): string | undefined {
  return message.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

describe('the break-it route of the live server', () => {
  let server: PlaygroundServer;
  const logs: { event: string; fields: LogFields }[] = [];

  before(async () => {
    server = await startPlaygroundServer({
      port: 0,
      allowedOrigins: [PAGE],
      logger: (event, fields = {}) => logs.push({ event, fields }),
      staticRoot: '/none',
    });
  });
  after(() => server.close());

  /** Sends the switches; the request as written and the answer as received, split up. */
  async function breakIt(
    ...breakages: Breakage[]
  ): Promise<{ request: HttpMessage; response: HttpMessage; sent: string; text: string }> {
    const { status, text, headers } = await post(server.url, JSON.stringify({ breakages }));
    assert.equal(status, 200, text);
    assert.equal(headers.get('access-control-allow-origin'), PAGE);
    const answer = parseBreakItAnswer(text);
    assert.match(answer.server, /upgrade code/);
    return {
      request: parseHttpMessage(answer.request),
      response: parseHttpMessage(answer.response),
      sent: answer.request,
      text: answer.response,
    };
  }

  it('sends a sound handshake with the page’s Origin and gets ws’s 101, which a browser opens', async () => {
    const { request, response } = await breakIt();
    assert.equal(request.startLine, 'GET /echo HTTP/1.1');
    assert.equal(header(request, 'Host'), new URL(server.url).host);
    assert.equal(header(request, 'Origin'), PAGE);
    assert.equal(header(request, 'User-Agent'), 'break-it test');
    assert.equal(header(request, 'Upgrade'), 'websocket');
    assert.equal(response.startLine, 'HTTP/1.1 101 Switching Protocols');
    const key = header(request, 'Sec-WebSocket-Key')!;
    assert.equal(header(response, 'Sec-WebSocket-Accept'), await computeAccept(key));
    assert.deepEqual(await checkServerAnswer(key, response), { opens: true });
    assert.ok(logs.some(({ event, fields }) => event === 'break-it' && fields.breakages === 'none'));
  });

  it('leaves out Upgrade: no upgrade at all for Node, so the plain HTTP side answers 426, head and body as written', async () => {
    const { request, response, text } = await breakIt(Breakage.noUpgrade);
    assert.equal(header(request, 'Upgrade'), undefined);
    assert.equal(header(request, 'Connection'), 'Upgrade');
    assert.equal(response.startLine, 'HTTP/1.1 426 Upgrade Required');
    assert.equal(header(response, 'Sec-WebSocket-Version'), '13');
    assert.match(response.body, /^\/echo is a WebSocket endpoint .* Plain HTTP gets nothing here/);
    assert.equal(Number(header(response, 'Content-Length')), Buffer.byteLength(response.body));
    assert.ok(text.endsWith(response.body));
    assert.deepEqual(await checkServerAnswer(header(request, 'Sec-WebSocket-Key')!, response), {
      opens: false,
      failure: 'Unexpected response code: 426',
    });
  });

  it('asks for version 8 and gets 426 with the version the server speaks (§4.4)', async () => {
    const { request, response } = await breakIt(Breakage.version8);
    assert.equal(header(request, 'Sec-WebSocket-Version'), '8');
    assert.equal(response.startLine, 'HTTP/1.1 426 Upgrade Required');
    assert.equal(header(response, 'Sec-WebSocket-Version'), '13');
    assert.match(response.body, /Sec-WebSocket-Version 8 is not supported/);
  });

  it('gets a 101 whose Accept ws computed with the wrong GUID, which a browser fails', async () => {
    const { request, response } = await breakIt(Breakage.wrongGuid);
    const key = header(request, 'Sec-WebSocket-Key')!;
    assert.equal(response.startLine, 'HTTP/1.1 101 Switching Protocols');
    assert.equal(header(response, 'Sec-WebSocket-Accept'), await acceptWithGuid(key, WRONG_GUID));
    assert.notEqual(header(response, 'Sec-WebSocket-Accept'), await computeAccept(key));
    assert.deepEqual(await checkServerAnswer(key, response), {
      opens: false,
      failure: "Incorrect 'Sec-WebSocket-Accept' header value",
    });
  });

  it('spoils the Accept of its own connection only: real clients at the same moment open', async () => {
    const open = (): Promise<boolean> =>
      new Promise((resolve) => {
        const socket = new WebSocket(`${server.wsUrl}/echo`, { origin: PAGE });
        socket.once('open', () => {
          socket.close();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
    const runs = await Promise.all([breakIt(Breakage.wrongGuid), open(), breakIt(Breakage.wrongGuid), open(), open()]);
    assert.deepEqual(
      runs.filter((run) => typeof run === 'boolean'),
      [true, true, true],
    );
    for (const run of runs) {
      if (typeof run === 'boolean') continue;
      const key = header(run.request, 'Sec-WebSocket-Key')!;
      assert.equal(header(run.response, 'Sec-WebSocket-Accept'), await acceptWithGuid(key, WRONG_GUID));
    }
  });

  for (const breakages of [
    [],
    [Breakage.noUpgrade],
    [Breakage.version8],
    [Breakage.wrongGuid],
    [Breakage.noUpgrade, Breakage.wrongGuid],
  ]) {
    it(`answers [${breakages.join(', ')}] as the simulated server in the page does`, async () => {
      const live = await breakIt(...breakages);
      const key = header(live.request, 'Sec-WebSocket-Key')!;
      const simulated = await simulateBrokenHandshake(
        { host: header(live.request, 'Host')!, origin: PAGE, userAgent: 'break-it test', key },
        new Set(breakages),
      );
      // The same request, byte for byte, gets the same answer, byte for byte, but for the time in Date.
      const undated = (text: string): string => text.replace(/\r\nDate: [^\r]*/, '');
      assert.equal(simulated.request, live.sent);
      assert.equal(undated(simulated.response), undated(live.text));
    });
  }

  it('refuses a page whose origin is not on the allowlist, without CORS headers', async () => {
    const { status, headers, text } = await post(server.url, '{"breakages":[]}', 'https://evil.example');
    assert.equal(status, 403);
    assert.equal(headers.get('access-control-allow-origin'), null);
    assert.match(JSON.parse(text).error, /not on the allowlist/);
  });

  it('answers the CORS preflight of an allowed page', async () => {
    const response = await fetch(`${server.url}/break-it`, {
      method: 'OPTIONS',
      headers: {
        Origin: PAGE,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), PAGE);
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /Content-Type/i);
  });

  it('refuses an unknown switch and a body that is not the list with 400, a big body with 413, a GET with 405', async () => {
    const unknown = await post(server.url, '{"breakages":["no-host"]}');
    assert.equal(unknown.status, 400);
    assert.match(JSON.parse(unknown.text).error, /"no-host" is not a breakage/);
    assert.equal((await post(server.url, 'no-upgrade')).status, 400);
    assert.equal((await post(server.url, JSON.stringify({ breakages: [], pad: 'x'.repeat(2000) }))).status, 413);
    const get = await fetch(`${server.url}/break-it`, { headers: { Origin: PAGE } });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST, OPTIONS');
  });
});
