import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../../src/lessons/use-cases/wsp-chat-demo.ts';
import type { WspChatDemo } from '../../../../src/lessons/use-cases/wsp-chat-demo.ts';
import { chatRoomLink, linkedRoom } from '../../../../src/lessons/use-cases/chat-room.ts';
import { connectionSettings } from '../../../../src/controllers/connection-settings.ts';
import { ConnectionMode } from '../../../../src/transport/mode.ts';
import { serverUrl } from '../../helpers/live-servers.ts';
import { ShadowDriver, text, useMode, WAIT } from '../../helpers/lesson-helpers.ts';

/** A room no other test (or reader of the same live server) uses. */
function freshRoom(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Drives the chat demo the way a reader does: typing into its fields and pressing its buttons. */
class ChatDriver extends ShadowDriver<WspChatDemo> {
  async type(selector: string, value: string): Promise<void> {
    const input = this.find<HTMLInputElement>(selector);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await this.demo.updateComplete;
  }

  /** Sets a pane's name and room and joins; waits until the server's welcome has arrived. */
  async join(pane: string, name: string, room: string): Promise<void> {
    await this.type(`#${pane}-name`, name);
    await this.type(`#${pane}-room`, room);
    this.find<HTMLButtonElement>(`#${pane}-join`).click();
    await waitUntil(() => /^In /.test(this.status(pane)), `${name} is welcomed into ${room}`, WAIT);
  }

  async leave(pane: string): Promise<void> {
    this.find<HTMLButtonElement>(`#${pane}-leave`).click();
    await waitUntil(() => this.root.querySelector(`#${pane}-join`), `${pane} has left`, WAIT);
  }

  async say(pane: string, words: string): Promise<void> {
    this.find<HTMLInputElement>(`#${pane}-text`).value = words;
    this.find<HTMLButtonElement>(`#${pane}-send`).click();
    await this.demo.updateComplete;
  }

  status(pane: string): string {
    return text(this.root.querySelector(`#${pane}-status`));
  }

  members(pane: string): string[] {
    return [...this.root.querySelectorAll(`#${pane}-members li`)].map((item) => text(item));
  }

  /** The pane's lines as the reader sees them, without the time. */
  lines(pane: string): string[] {
    return [...this.root.querySelectorAll(`#${pane}-lines li[data-kind]`)].map((item) =>
      text(item).replace(/^\d{1,2}:\d{2}:\d{2}( ?[AP]M)? ?/, ''),
    );
  }

  said(pane: string): string[] {
    return [...this.root.querySelectorAll(`#${pane}-lines li[data-kind=message] .text`)].map((item) => text(item));
  }

  async sees(pane: string, line: string): Promise<void> {
    await waitUntil(
      () => this.lines(pane).includes(line),
      `${pane} sees “${line}”: ${this.lines(pane).join(' | ')}`,
      WAIT,
    );
  }
}

async function renderDemo(): Promise<ChatDriver> {
  return new ChatDriver(await fixture<WspChatDemo>(html`<wsp-chat-demo></wsp-chat-demo>`));
}

describe('the chat room link', () => {
  it('keeps the page’s other parameters and points the hash at the chat section', () => {
    const link = chatRoomLink(
      'http://localhost:5173/?server=ws%3A%2F%2Fhost%3A8080#/use-cases',
      'tea room',
      '#/use-cases/chat',
    );
    const url = new URL(link);
    expect(url.searchParams.get('server')).to.equal('ws://host:8080');
    expect(url.searchParams.get('room')).to.equal('tea room');
    expect(url.hash).to.equal('#/use-cases/chat');
  });

  it('reads a usable room from ?room= and ignores an empty, too long or control-character one', () => {
    expect(linkedRoom('?room=%20lobby%20', 32)).to.equal('lobby');
    expect(linkedRoom('?room=', 32)).to.equal(undefined);
    expect(linkedRoom(`?room=${'x'.repeat(33)}`, 32)).to.equal(undefined);
    expect(linkedRoom('?room=a%0Ab', 32)).to.equal(undefined);
    expect(linkedRoom('?server=x', 32)).to.equal(undefined);
  });
});

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the chat demo in ${mode} mode`, () => {
    useMode(mode);

    it('lets three people in two rooms hear only their own room, with presence and history', async () => {
      const chat = await renderDemo();
      const lobby = freshRoom('lobby');
      const kitchen = freshRoom('kitchen');
      await chat.join('p1', 'Ann', lobby);
      await chat.join('p2', 'Bob', lobby);
      await chat.join('p3', 'Cy', kitchen);
      expect(chat.status('p2')).to.equal(`In ${lobby} as Bob`);
      await chat.sees('p1', 'Bob joined');
      expect(chat.members('p1')).to.deep.equal(['Ann (you)', 'Bob']);
      expect(chat.members('p2')).to.deep.equal(['Ann', 'Bob (you)']);
      expect(chat.members('p3')).to.deep.equal(['Cy (you)']);

      await chat.say('p1', 'hello lobby');
      await chat.say('p3', 'anyone in the kitchen?');
      await chat.sees('p2', 'Ann: hello lobby');
      await chat.sees('p1', 'Ann: hello lobby');
      await chat.sees('p3', 'Cy: anyone in the kitchen?');
      expect(chat.said('p3')).to.deep.equal(['anyone in the kitchen?']);
      expect(chat.said('p1')).to.deep.equal(['hello lobby']);

      // Cy moves to the lobby: leaving is closing, joining is a new connection; the welcome brings the history.
      await chat.leave('p3');
      await chat.join('p3', 'Cy', lobby);
      await chat.sees('p3', '(earlier) Ann: hello lobby');
      expect(chat.members('p3')).to.deep.equal(['Ann', 'Bob', 'Cy (you)']);
      await chat.sees('p1', 'Cy joined');
      await waitUntil(() => chat.members('p2').length === 3, 'Bob sees Cy arrive', WAIT);

      await chat.leave('p2');
      await chat.sees('p1', 'Bob left');
      await chat.sees('p3', 'Bob left');
      expect(chat.members('p1')).to.deep.equal(['Ann (you)', 'Cy']);
      expect(chat.members('p3')).to.deep.equal(['Ann', 'Cy (you)']);
    });

    it('shows markup typed into the chat as text, so an <img onerror> never runs', async () => {
      const chat = await renderDemo();
      const room = freshRoom('markup');
      await chat.join('p1', 'Ann', room);
      await chat.join('p2', '<b>Bob</b>', room);
      const attack = '<img src=x onerror="window.__chatXss = true">';
      await chat.say('p1', attack);
      await chat.sees('p2', `Ann: ${attack}`);
      expect(chat.root.querySelector('img')).to.equal(null);
      expect(chat.root.querySelector('b')).to.equal(null);
      expect(chat.members('p1')).to.deep.equal(['Ann (you)', '<b>Bob</b>']);
      expect(chat.find('#p2-heading').textContent).to.equal('<b>Bob</b>');
      expect((window as { __chatXss?: boolean }).__chatXss).to.equal(undefined);
    });

    it('renames a second person with a name already in the room, and says so', async () => {
      const chat = await renderDemo();
      const room = freshRoom('names');
      await chat.join('p1', 'Ann', room);
      await chat.join('p2', 'Ann', room);
      expect(chat.status('p2')).to.equal(`In ${room} as Ann (2) (“Ann” was taken here)`);
      expect(chat.members('p2')).to.deep.equal(['Ann', 'Ann (2) (you)']);
    });

    it('says why the server refused a room made only of spaces', async () => {
      const chat = await renderDemo();
      await chat.type('#p1-room', '   ');
      chat.find<HTMLButtonElement>('#p1-join').click();
      await waitUntil(() => chat.root.querySelector('#p1-problem'), 'the refusal is explained', WAIT);
      expect(text(chat.find('#p1-problem'))).to.contain('room is required');
      expect(chat.status('p1'), 'it never was in a room to leave').to.equal('could not join');
    });

    it('shows the trace of the chosen person’s connection one click away', async () => {
      const chat = await renderDemo();
      await chat.join('p1', 'Ann', freshRoom('trace'));
      const details = chat.find<HTMLDetailsElement>('details');
      expect(chat.root.querySelector('wsp-trace-timeline')).to.equal(null);
      details.querySelector('summary')!.click();
      await waitUntil(() => chat.root.querySelector('wsp-trace-timeline'), 'the trace opens', WAIT);
      const timeline = chat.find('wsp-trace-timeline');
      await waitUntil(() => text(timeline.shadowRoot).includes('101'), 'the trace shows the handshake', WAIT);
    });
  });
}

describe('the chat demo’s room link in live mode', () => {
  const original = `${window.location.pathname}${window.location.search}${window.location.hash}`;

  before(async () => {
    connectionSettings.setServerUrl(await serverUrl('live-server-url'));
    connectionSettings.setMode(ConnectionMode.live);
  });

  after(() => history.replaceState(null, '', original));

  it('offers a link to each room in use, and a page opened from it sets every pane to that room', async () => {
    const room = freshRoom('shared');
    const chat = await renderDemo();
    await chat.join('p1', 'Ann', room);
    const link = chat.find<HTMLAnchorElement>(`#invite a[data-room="${room}"]`);
    const url = new URL(link.href);
    expect(url.searchParams.get('room')).to.equal(room);
    expect(url.hash).to.equal('#/use-cases/chat');

    // The other tab: this page, at the link's address.
    history.replaceState(null, '', `${url.pathname}${url.search}${url.hash}`);
    const other = await renderDemo();
    expect(text(other.find('#linked-note'))).to.contain(`You opened a link to the room ${room}`);
    for (const pane of ['p1', 'p2', 'p3']) expect(other.find<HTMLInputElement>(`#${pane}-room`).value).to.equal(room);
    await other.join('p2', 'Bob', room);
    expect(other.members('p2')).to.deep.equal(['Ann', 'Bob (you)']);
    await chat.sees('p1', 'Bob joined');
  });
});

describe('the chat demo with no live server', () => {
  before(() => {
    connectionSettings.setServerUrl('ws://127.0.0.1:9');
    connectionSettings.setMode(ConnectionMode.live);
  });

  after(async () => {
    connectionSettings.setServerUrl(await serverUrl('live-server-url'));
    connectionSettings.setMode(ConnectionMode.simulated);
  });

  it('says once why nobody could join, and no pane claims it left a room it never joined', async () => {
    const chat = await renderDemo();
    chat.find<HTMLButtonElement>('#join-all').click();
    await waitUntil(() => chat.root.querySelector('#join-problem'), 'the failure is explained', { timeout: 10_000 });
    expect(text(chat.find('#join-problem'))).to.contain('No live server answered');
    for (const pane of ['p1', 'p2', 'p3']) {
      expect(text(chat.find(`#${pane}-status`)), pane).to.equal('could not join');
      expect(chat.root.querySelector(`#${pane}-problem`), `${pane} does not repeat it`).to.equal(null);
    }
  });
});
