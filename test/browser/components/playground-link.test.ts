import { expect } from '@open-wc/testing';
import { codeFromHash, MAX_SHARED_BYTES, playgroundHref } from '../../../src/components/playground-link.ts';
import { examples } from '../../../src/playground/examples.ts';

/** A link made by hand: any text, raw-deflated and in base64url, as playgroundHref would write it. */
async function linkFor(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const base64 = btoa(String.fromCharCode(...bytes));
  return `#/playground?code=${base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

function codeOf(href: string): string {
  return new URLSearchParams(href.slice(href.indexOf('?') + 1)).get('code')!;
}

describe('playground share links', () => {
  it('carry both editors through a round trip, Unicode and all', async () => {
    const code = {
      client: "log('héllo, 世界 👋');\n\tconst s = '\\u0000 \"quoted\" & <b>';",
      server: 'serve((peer) => ({ message: (d) => peer.send(`↩ ${d}`), closed() {} })); // ☃ \ud83d',
    };
    const href = await playgroundHref(code);
    expect(href).to.match(/^#\/playground\?code=[A-Za-z0-9_-]+$/);
    expect(await codeFromHash(href)).to.deep.equal(code);
  });

  it('carry long code, and much shorter than the code itself', async () => {
    const client = examples.map((example) => example.client).join('\n');
    const server = examples.map((example) => example.server).join('\n');
    const href = await playgroundHref({ client, server });
    expect(await codeFromHash(href)).to.deep.equal({ client, server });
    expect(href.length).to.be.below((client.length + server.length) * 0.6);
  });

  it('shrink one typical example to well under its length', async () => {
    const { client, server } = examples.find((example) => example.id === 'own-server')!;
    const href = await playgroundHref({ client, server });
    expect(href.length).to.be.below((client.length + server.length) * 0.75);
  });

  it('carry empty editors', async () => {
    expect(await codeFromHash(await playgroundHref({ client: '', server: '' }))).to.deep.equal({
      client: '',
      server: '',
    });
  });

  it('give nothing for a hash with no code or another route', async () => {
    const href = await playgroundHref({ client: 'log(1)', server: '' });
    for (const hash of [
      '',
      '#',
      '#/playground',
      '#/playground?code=',
      '#/handshake',
      href.replace('playground', 'echo'),
    ]) {
      expect(await codeFromHash(hash), hash).to.equal(undefined);
    }
  });

  it('give nothing for a damaged, truncated or junk link, and never throw', async () => {
    const href = await playgroundHref({ client: examples[0]!.client, server: '' });
    const code = codeOf(href);
    const middle = Math.floor(code.length / 2);
    const flipped = code.slice(0, middle) + (code[middle] === 'A' ? 'B' : 'A') + code.slice(middle + 1);
    const broken = [
      `#/playground?code=${code.slice(0, code.length - 8)}`,
      `#/playground?code=${code.slice(0, 1)}`,
      `#/playground?code=${flipped}`,
      `#/playground?code=${code}AAAA`,
      '#/playground?code=not base64!',
      '#/playground?code=%E0%A4%A',
      '#/playground?code=A',
      '#/playground?code=aGVsbG8',
      `#/playground?code=${'_'.repeat(5000)}`,
    ];
    for (const hash of broken) {
      expect(await codeFromHash(hash), hash).to.equal(undefined);
    }
  });

  it('give nothing for JSON of the wrong shape or version', async () => {
    const wrong = [
      'null',
      '[]',
      '"text"',
      'not json',
      JSON.stringify({ v: 2, client: 'a', server: 'b' }),
      JSON.stringify({ client: 'a', server: 'b' }),
      JSON.stringify({ v: 1, client: 1, server: 'b' }),
      JSON.stringify({ v: 1, client: 'a' }),
      JSON.stringify({ v: '1', client: 'a', server: 'b' }),
    ];
    for (const text of wrong) {
      expect(await codeFromHash(await linkFor(text)), text).to.equal(undefined);
    }
    expect(
      await codeFromHash(await linkFor(JSON.stringify({ v: 1, client: 'a', server: 'b', extra: 1 }))),
    ).to.deep.equal({ client: 'a', server: 'b' });
  });

  it('refuse a link that inflates past the cap, however small it is', async () => {
    const bomb = await linkFor(JSON.stringify({ v: 1, client: 'a'.repeat(20 * MAX_SHARED_BYTES), server: '' }));
    expect(bomb.length).to.be.below(20_000);
    expect(await codeFromHash(bomb)).to.equal(undefined);
    const justUnder = 'a'.repeat(MAX_SHARED_BYTES - 100);
    expect(await codeFromHash(await linkFor(JSON.stringify({ v: 1, client: justUnder, server: '' })))).to.deep.equal({
      client: justUnder,
      server: '',
    });
  });

  it('will not make a link for code past the cap', async () => {
    let error: unknown;
    try {
      await playgroundHref({ client: 'x'.repeat(MAX_SHARED_BYTES), server: '' });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(RangeError);
  });
});
