import { expect, fixture, html } from '@open-wc/testing';
import '../../../src/components/wsp-frame-bytes.ts';
import '../../../src/lessons/frames/wsp-frame-masking.ts';
import type { WspFrameBytes } from '../../../src/components/wsp-frame-bytes.ts';
import type { WspFrameMasking } from '../../../src/lessons/frames/wsp-frame-masking.ts';
import { fromHex } from '../../../src/protocol/index.ts';

function hex(text: string): Uint8Array {
  const bytes = fromHex(text);
  if (!bytes) throw new Error(`not hex: ${text}`);
  return bytes;
}

function text(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

async function view(bytes: Uint8Array, label = 'Test frame'): Promise<ShadowRoot> {
  const element = await fixture<WspFrameBytes>(
    html`<wsp-frame-bytes .bytes=${bytes} label=${label}></wsp-frame-bytes>`,
  );
  return element.shadowRoot!;
}

/** Each grid cell as "hex:part". */
function cells(root: ShadowRoot): string[] {
  return [...root.querySelectorAll('.grid td[data-part]')].map(
    (cell) => `${text(cell.querySelector('.hex'))}:${cell.getAttribute('data-part')}`,
  );
}

/** A field row's three cells: where it is, its wire form, its value. */
function field(root: ShadowRoot, id: string): { wire: string; value: string; meaning: string } {
  const row = root.querySelector(`tr[data-field=${id}]`);
  if (!row) throw new Error(`no field row ${id}`);
  return {
    wire: text(row.querySelector('.wire')),
    value: text(row.querySelector('.value')),
    meaning: text(row.querySelector('.meaning p')),
  };
}

describe('the frame view', () => {
  it('marks every byte of the masked "Hello" of RFC 6455 §5.7 with its field', async () => {
    const root = await view(hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'));
    expect(cells(root)).to.deep.equal([
      '81:flags',
      '85:mask-length',
      '37:masking-key',
      'fa:masking-key',
      '21:masking-key',
      '3d:masking-key',
      '7f:payload',
      '9f:payload',
      '4d:payload',
      '51:payload',
      '58:payload',
    ]);
    expect(text(root.querySelector('.grid caption'))).to.equal('Test frame: 11 bytes');
    expect(root.querySelectorAll('.grid thead th[scope=col]')).to.have.length(9);
    expect(root.querySelectorAll('.grid tbody th[scope=row]')).to.have.length(2);
    expect(text(root.querySelector('.verdict'))).to.equal(
      'A text frame, 11 bytes: 6 of header, 5 bytes of payload, masked.',
    );
  });

  it('explains every field of the masked "Hello", down to the unmasked text', async () => {
    const root = await view(hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'));
    expect(field(root, 'fin')).to.include({ wire: '1', value: '' });
    expect(field(root, 'rsv1').wire).to.equal('0');
    expect(field(root, 'rsv2').wire).to.equal('0');
    expect(field(root, 'rsv3').wire).to.equal('0');
    expect(field(root, 'opcode')).to.include({ wire: '0001', value: '0x1 text' });
    expect(field(root, 'mask')).to.include({ wire: '1' });
    expect(field(root, 'length')).to.include({ wire: '0000101', value: '5' });
    expect(field(root, 'masking-key')).to.include({ wire: '37 fa 21 3d' });
    expect(field(root, 'masked-payload').wire).to.equal('7f 9f 4d 51 58');
    expect(field(root, 'payload')).to.deep.equal({
      wire: '48 65 6c 6c 6f',
      value: '5 bytes',
      meaning: 'As UTF-8 text: "Hello"',
    });
    expect(root.querySelector('tr[data-field=extended-length]')).to.equal(null);
  });

  it('reads the unmasked ping of §5.7 and a close frame’s code and reason', async () => {
    const ping = await view(hex('89 05 48 65 6c 6c 6f'));
    expect(field(ping, 'opcode').value).to.equal('0x9 ping');
    expect(field(ping, 'mask').wire).to.equal('0');
    expect(ping.querySelector('tr[data-field=masking-key]')).to.equal(null);
    const close = await view(hex('88 05 03 e8 62 79 65'));
    expect(field(close, 'payload').meaning).to.equal(
      'Close code 1000 (Normal Closure) in the first 2 bytes, then the reason "bye".',
    );
  });

  it('shows the 16-bit length of the 256-byte binary message of §5.7 and truncates its grid', async () => {
    const bytes = new Uint8Array(4 + 256).fill(0xab);
    bytes.set(hex('82 7e 01 00'));
    const root = await view(bytes);
    expect(field(root, 'length')).to.include({ wire: '1111110', value: '126' });
    expect(field(root, 'rsv1').meaning).to.contain('permessage-deflate');
    expect(field(root, 'extended-length')).to.include({ wire: '01 00', value: '256' });
    expect(cells(root).slice(0, 4)).to.deep.equal([
      '82:flags',
      '7e:mask-length',
      '01:extended-length',
      '00:extended-length',
    ]);
    expect(root.querySelectorAll('.grid td[data-part]')).to.have.length(64);
    expect(text(root.querySelector('#more'))).to.equal('… 196 more bytes, not shown.');
    expect(field(root, 'payload').wire).to.match(/… 240 more bytes$/);
  });

  it('renders 64 cells, not 65,546, for the 64 KiB message of §5.7', async () => {
    const bytes = new Uint8Array(10 + 65_536);
    bytes.set(hex('82 7f 00 00 00 00 00 01 00 00'));
    const root = await view(bytes);
    expect(field(root, 'extended-length')).to.include({ wire: '00 00 00 00 00 01 00 00', value: '65,536' });
    expect(root.querySelectorAll('.grid td')).to.have.length(64);
    expect(text(root.querySelector('#more'))).to.equal('… 65,482 more bytes, not shown.');
  });

  it('shows the error and the close code for a reserved opcode', async () => {
    const root = await view(hex('83 00'));
    const verdict = root.querySelector('.verdict')!;
    expect(verdict.getAttribute('data-ok')).to.equal('false');
    expect(text(verdict)).to.contain('Opcode 0x3 is reserved');
    expect(text(verdict)).to.contain('close code 1002 (Protocol Error)');
    expect(field(root, 'opcode').value).to.equal('0x3 reserved (0x3)');
  });

  it('says what is missing from an incomplete frame, and marks bytes after a frame', async () => {
    expect(text((await view(hex('81 85 37'))).querySelector('.verdict'))).to.equal(
      'Incomplete: the header announces 8 more bytes than are here.',
    );
    const two = await view(hex('81 01 61 81 01'));
    expect(text(two.querySelector('.verdict'))).to.contain('Then 2 more bytes after it.');
    expect(cells(two).slice(3)).to.deep.equal(['81:extra', '01:extra']);
  });

  it('keeps a 360 px phone from scrolling sideways: the grid scrolls inside', async () => {
    const box = await fixture<HTMLDivElement>(
      html`<div style="width: 360px">
        <wsp-frame-bytes .bytes=${hex('81 85 37 fa 21 3d 7f 9f 4d 51 58')} label="Phone"></wsp-frame-bytes>
      </div>`,
    );
    const element = box.querySelector('wsp-frame-bytes')!;
    await element.updateComplete;
    expect(element.getBoundingClientRect().width).to.be.at.most(360);
    for (const scroller of element.shadowRoot!.querySelectorAll('.scroller')) {
      expect(scroller.getBoundingClientRect().width).to.be.at.most(360);
    }
  });
});

describe('the masking view', () => {
  it('unmasks the "Hello" of §5.7 byte by byte with the key 37 fa 21 3d', async () => {
    const element = await fixture<WspFrameMasking>(
      html`<wsp-frame-masking .bytes=${hex('81 85 37 fa 21 3d 7f 9f 4d 51 58')}></wsp-frame-masking>`,
    );
    const root = element.shadowRoot!;
    const row = (name: string): string[] => [...root.querySelectorAll(`tr.${name} td`)].map((cell) => text(cell));
    expect(row('masked')).to.deep.equal(['7f', '9f', '4d', '51', '58']);
    expect(row('key')).to.deep.equal(['37', 'fa', '21', '3d', '37']);
    expect(row('plain')).to.deep.equal(['48', '65', '6c', '6c', '6f']);
    expect(row('text')).to.deep.equal(['H', 'e', 'l', 'l', 'o']);
    expect(text(root.querySelector('#worked'))).to.contain('01111111 (7f) XOR 00110111 (37) = 01001000 (48)');
  });

  it('says a server frame is not masked', async () => {
    const element = await fixture<WspFrameMasking>(
      html`<wsp-frame-masking .bytes=${hex('81 05 48 65 6c 6c 6f')}></wsp-frame-masking>`,
    );
    expect(text(element.shadowRoot!.querySelector('#unmasked'))).to.contain('a server never masks');
  });
});

describe('wsp-frame-bytes on a phone', () => {
  it('keeps a long payload quoted as text inside the field table', async () => {
    // A client's text frame of 125 "a"s: masked, so the table quotes the unmasked text, 60 letters without a space.
    const key = [0x37, 0xfa, 0x21, 0x3d];
    const payload = Array.from({ length: 125 }, (_, index) => 0x61 ^ key[index % 4]!);
    const holder = await fixture<HTMLDivElement>(
      html`<div style="width: 360px">
        <wsp-frame-bytes .bytes=${new Uint8Array([0x81, 0xfd, ...key, ...payload])}></wsp-frame-bytes>
      </div>`,
    );
    const root = holder.querySelector('wsp-frame-bytes')!.shadowRoot!;
    const table = root.querySelector('table.fields')!;
    const meaning = root.querySelector('tr[data-field=payload] .meaning p')!;
    expect(meaning.textContent).to.contain('aaaaaaaaaa');
    const words = document.createRange();
    words.selectNodeContents(meaning);
    expect(words.getBoundingClientRect().right, 'the quoted payload').to.be.at.most(
      table.getBoundingClientRect().right,
    );
    const scroller = table.parentElement!;
    expect(scroller.scrollWidth, 'the table scrolls sideways').to.be.at.most(scroller.clientWidth);
  });
});
