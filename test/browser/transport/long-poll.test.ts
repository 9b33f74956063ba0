import { expect } from '@open-wc/testing';
import { fetchRequest, thisPage } from '../../../src/lessons/what-are-websockets/race-bytes.ts';
import { httpHeadText } from '../../../src/service/polling.ts';
import { httpUrl } from '../../../src/transport/endpoint-url.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { poll, type PollReply } from '../../../src/transport/poll.ts';
import { serverUrl } from '../helpers/live-servers.ts';

/** What a poll's answer says, on either wire: status, ticks, and the sizes both ways. */
function read(reply: PollReply): {
  status: number;
  ticks: { seq: number; sentAt: number }[];
  up: number;
  down: number;
} {
  if (reply.mode === ConnectionMode.simulated) {
    const { response } = reply;
    const headers = new Map(response.headers);
    const wire = httpHeadText(`HTTP/1.1 ${response.status} ${response.reason}`, response.headers) + response.body;
    expect(headers.get('X-Response-Bytes')).to.equal(String(new TextEncoder().encode(wire).length));
    const body = JSON.parse(response.body) as { ticks: { seq: number; sentAt: number }[] };
    return {
      status: response.status,
      ticks: body.ticks,
      up: Number(headers.get('X-Request-Bytes')),
      down: wire.length,
    };
  }
  const body = JSON.parse(reply.body) as { ticks: { seq: number; sentAt: number }[] };
  return { status: reply.status, ticks: body.ticks, up: reply.requestBytes, down: reply.responseBytes };
}

describe('long polling on both wires', () => {
  it('holds the poll until the next tick and answers with it; the request Chromium sent is the one the page computes', async () => {
    const url = new URL(httpUrl(await serverUrl('live-server-url'), '/poll?topic=scores&every=300&wait=1'));
    const request = fetchRequest(url, thisPage());
    const answers = [];
    for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
      const asked = Date.now();
      const reply = await poll(url, { mode, requestBytes: request.bytes, signal: new AbortController().signal });
      const answer = read(reply);
      expect(answer.status, mode).to.equal(200);
      expect(answer.ticks.length, mode).to.equal(1);
      expect(answer.ticks[0]!.sentAt, `${mode}: a tick that happened after the poll left`).to.be.above(asked);
      answers.push(answer);
    }
    const [simulated, live] = answers;
    expect(live!.up, 'measured by the live server').to.equal(request.bytes);
    expect(simulated!.up).to.equal(live!.up);
  });

  it('drops a held simulated poll when its signal aborts, as fetch does', async () => {
    const url = new URL('http://localhost:8080/poll?topic=prices&every=60000&wait=1');
    const abort = new AbortController();
    const held = poll(url, { mode: ConnectionMode.simulated, requestBytes: 400, signal: abort.signal });
    abort.abort();
    let failed: unknown;
    await held.catch((error: unknown) => (failed = error));
    expect((failed as DOMException).name).to.equal('AbortError');
  });
});
