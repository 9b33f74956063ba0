import {
  acceptWithGuid,
  BREAK_IT_TARGET,
  Breakage,
  brokenRequestHeaders,
  requestText,
  responseText,
  WRONG_GUID,
  type BreakItAnswer,
  type BrokenRequestOptions,
  type HeaderList,
} from '../protocol/index.ts';
import { decideHandshake, refusalResponse } from '../service/gatekeeper.ts';
import { upgradeRequired } from '../service/upgrade-required.ts';
import { pageService } from './page-service.ts';

/**
 * Whether an HTTP server takes a request for an upgrade: it must carry
 * Upgrade and name it in Connection (RFC 9110 §7.8), Node's rule too. Any
 * other request goes to the server's plain HTTP side.
 */
function asksToUpgrade(headers: HeaderList): boolean {
  const values = (name: string): string[] =>
    headers.filter(([header]) => header.toLowerCase() === name).map(([, value]) => value);
  const connection = values('connection').flatMap((value) => value.split(','));
  return values('upgrade').length > 0 && connection.some((token) => token.trim().toLowerCase() === 'upgrade');
}

/**
 * The broken handshake in Simulated mode: the request goes to the page's one
 * simulated server and gets the live server's answer, written out as the
 * live server writes it. An upgrade request meets the gatekeeper the live
 * server runs on every handshake (`decideHandshake`, then `refusalResponse`
 * for the bytes of a refusal); any other request the 426 of the live
 * server's plain HTTP side. For wrong-GUID the 101's Accept is computed from
 * the key received with the wrong GUID, as the live server does for that
 * switch (server/break-it.ts). No connection opens: the exchange ends at the
 * answer.
 */
export async function simulateBrokenHandshake(
  options: BrokenRequestOptions,
  breakages: ReadonlySet<Breakage>,
): Promise<BreakItAnswer> {
  const headers = brokenRequestHeaders(options, breakages);
  const server = 'the simulated server in this page';
  const request = requestText(BREAK_IT_TARGET, headers);
  const service = await pageService();
  const endpoint = service.endpoints.find(({ path }) => path === BREAK_IT_TARGET);
  if (!asksToUpgrade(headers) && endpoint) {
    const plain = upgradeRequired(BREAK_IT_TARGET, endpoint.summary, options.host);
    // Node's HTTP server adds Date to every answer it writes (RFC 9110 §6.6.1); the upgrade code writes raw bytes.
    const dated: HeaderList = [...plain.headers, ['Date', new Date().toUTCString()]];
    return { server, request, response: responseText(plain.status, plain.statusText, dated, plain.body) };
  }
  const decision = await decideHandshake(
    { target: BREAK_IT_TARGET, method: 'GET', httpVersion: '1.1', headers: Object.fromEntries(headers) },
    service,
    undefined,
  );
  if (!decision.ok) {
    const refusal = refusalResponse(decision);
    return {
      server,
      request,
      response: responseText(refusal.status, refusal.statusText, refusal.headers, refusal.body),
    };
  }
  let answer: HeaderList = decision.response.headers;
  if (breakages.has(Breakage.wrongGuid)) {
    const wrong = await acceptWithGuid(options.key, WRONG_GUID);
    answer = answer.map(([name, value]) => [name, name === 'Sec-WebSocket-Accept' ? wrong : value]);
  }
  return { server, request, response: responseText(decision.response.status, decision.response.reason, answer) };
}
