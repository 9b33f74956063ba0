import { expect, html, waitUntil } from '@open-wc/testing';
import packageText from '../../../package.json?raw';
import readme from '../../../README.md?raw';
import configSource from '../../../server/config.ts?raw';
import heartbeatSource from '../../../server/heartbeat.ts?raw';
import limitsSource from '../../../server/limits.ts?raw';
import playgroundServerSource from '../../../server/playground-server.ts?raw';
import runSource from '../../../server/run.ts?raw';
import upgradeSource from '../../../server/upgrade.ts?raw';
import wsSessionSource from '../../../server/ws-session.ts?raw';
import chatSource from '../../../src/service/chat.ts?raw';
import echoSource from '../../../src/service/echo.ts?raw';
import gatekeeperSource from '../../../src/service/gatekeeper.ts?raw';
import hubSource from '../../../src/service/hub.ts?raw';
import pingSource from '../../../src/service/ping.ts?raw';
import '../../../src/lessons/server/wsp-lesson-server.ts';
import type { WspLessonServer } from '../../../src/lessons/server/wsp-lesson-server.ts';
import { RUN_COMMANDS, SERVER_SOURCES, type ServerSourceName } from '../../../src/lessons/server/sources.ts';
import type { WspCodeBlock } from '../../../src/components/wsp-code-block.ts';
import { ConnectionMode } from '../../../src/transport/mode.ts';
import { lessonFixture, failOnConsoleErrors, shadow, text, useMode, WAIT } from '../helpers/lesson-helpers.ts';

/** The files the lesson may show, read here on their own, to check the lesson against. */
const FILES: Readonly<Record<string, string>> = {
  'server/heartbeat.ts': heartbeatSource,
  'server/limits.ts': limitsSource,
  'server/playground-server.ts': playgroundServerSource,
  'server/run.ts': runSource,
  'server/upgrade.ts': upgradeSource,
  'server/ws-session.ts': wsSessionSource,
  'src/service/chat.ts': chatSource,
  'src/service/echo.ts': echoSource,
  'src/service/gatekeeper.ts': gatekeeperSource,
  'src/service/hub.ts': hubSource,
  'src/service/ping.ts': pingSource,
};

/** What each excerpt must contain to be the part of the server the lesson says it is. */
const MUST_SHOW: Readonly<Record<ServerSourceName, readonly string[]>> = {
  httpServer: ['createServer(', 'createHttpHandler('],
  webSocketServer: ['new WebSocketServer(', 'noServer: true', 'maxPayload'],
  upgradeWiring: ["server.on('upgrade'"],
  upgradeHandler: ['decideHandshake(', 'acceptHandshake(', 'refuseHandshake('],
  decideHandshake: ['originPolicy.decide(origin)', 'refuse(403'],
  acceptHandshake: ['handleUpgrade(request, socket, head', "emit('connection'", 'bindSession('],
  echoSession: ['peer.send(data)'],
  bindSession: ["socket.on('message'", 'session.message(', '1008'],
  chatMessage: ['member.broadcast(line)'],
  hubBroadcast: ['send(message)', 'others'],
  heartbeat: ['socket.ping()', 'socket.terminate()', "'pong'"],
  pingSession: ['peer.ping(', 'pong(payload)'],
  runServer: ["'SIGTERM'", "'SIGINT'", 'server.close()'],
  shutdown: ['close(1001', 'terminate()'],
  limits: ['maxMessageBytes', 'sendBufferBytes', 'heartbeatMs'],
  backpressure: ['bufferedAmount', 'sendBufferBytes', '1008'],
};

async function renderLesson(): Promise<WspLessonServer> {
  return lessonFixture<WspLessonServer>(html`<wsp-lesson-server></wsp-lesson-server>`);
}

/** Drives one demo of the lesson through its buttons and fields, as a reader does. */
class DemoDriver {
  constructor(readonly root: ShadowRoot) {}

  button(id: string): HTMLButtonElement {
    const button = this.root.querySelector<HTMLButtonElement>(`#${id}`);
    if (!button) throw new Error(`no button #${id}`);
    return button;
  }

  /** The lines of the event log with this label. */
  log(label: string): string[] {
    const log = this.root.querySelector(`wsp-event-log[label="${label}"]`);
    return [...shadow(log).querySelectorAll('li')].map((item) => text(item));
  }

  async waitForLog(label: string, pattern: RegExp): Promise<string> {
    await waitUntil(() => this.log(label).some((line) => pattern.test(line)), `${label}: ${pattern}`, WAIT);
    return this.log(label).find((line) => pattern.test(line))!;
  }

  type(id: string, value: string): void {
    this.root.querySelector<HTMLInputElement>(`#${id}`)!.value = value;
  }
}

function demo(lesson: WspLessonServer, tag: string): DemoDriver {
  return new DemoDriver(shadow(shadow(lesson).querySelector(tag)));
}

describe('the server lesson’s source excerpts', () => {
  it('shows every excerpt, non-empty, as its file has it at the numbered lines', () => {
    for (const [name, excerpt] of Object.entries(SERVER_SOURCES)) {
      const file = FILES[excerpt.file];
      expect(file, `${name}: ${excerpt.file} is read by the test`).to.be.a('string');
      const lines = excerpt.code.split('\n');
      expect(excerpt.code.trim(), name).not.to.equal('');
      expect(lines.length, name).to.be.greaterThan(1);
      const inFile = file!.split('\n').slice(excerpt.firstLine - 1, excerpt.firstLine - 1 + lines.length);
      // Shown without the indentation the lines share, and otherwise exactly as in the file.
      expect(
        inFile.map((line) => line.slice(excerpt.indent)),
        name,
      ).to.deep.equal(lines);
      expect(
        inFile.every((line) => line.slice(0, excerpt.indent).trim() === ''),
        name,
      ).to.equal(true);
      expect(
        lines.some((line) => /^\S/.test(line)),
        `${name} starts at the left edge`,
      ).to.equal(true);
    }
  });

  it('shows in each excerpt the calls its explanation is about', () => {
    for (const [name, needles] of Object.entries(MUST_SHOW)) {
      for (const needle of needles) expect(SERVER_SOURCES[name as ServerSourceName].code, name).to.contain(needle);
    }
    expect(Object.keys(MUST_SHOW).sort()).to.deep.equal(Object.keys(SERVER_SOURCES).sort());
  });

  it('renders each excerpt highlighted, under its file name, with its real line numbers', async () => {
    const lesson = await renderLesson();
    const blocks = [...shadow(lesson).querySelectorAll<WspCodeBlock>('wsp-code-block')];
    expect(blocks.map((block) => block.dataset.source).sort()).to.deep.equal(Object.keys(SERVER_SOURCES).sort());
    for (const block of blocks) {
      const excerpt = SERVER_SOURCES[block.dataset.source as ServerSourceName];
      await block.updateComplete;
      const root = shadow(block);
      expect(text(root.querySelector('figcaption'))).to.equal(excerpt.file);
      expect(root.querySelector('.number')!.textContent).to.equal(String(excerpt.firstLine));
      expect(root.querySelectorAll('.line')).to.have.length(excerpt.code.split('\n').length);
      expect(root.querySelector('.keyword'), `${excerpt.file} is coloured`).not.to.equal(null);
    }
  });
});

describe('the server lesson’s commands', () => {
  const scripts = (JSON.parse(packageText) as { scripts: Record<string, string> }).scripts;
  /** `PORT=9000 npm run server` → the variables and `npm run server`. */
  function split(command: string): { variables: string[]; steps: string[] } {
    const words = command.split(' ');
    const variables: string[] = [];
    while (/^[A-Z_]+=/.test(words[0] ?? '')) variables.push(words.shift()!.split('=')[0]!);
    return { variables, steps: words.join(' ').split(' && ') };
  }

  it('shows only commands that package.json defines, each also in the README', () => {
    expect(RUN_COMMANDS.length).to.be.greaterThan(3);
    for (const { command } of RUN_COMMANDS) {
      const { variables, steps } = split(command);
      for (const step of steps) {
        if (step === 'npm install') continue;
        const script = /^npm (?:run )?([\w:-]+)$/.exec(step)?.[1];
        if (script) {
          expect(scripts, `${step} is a script`).to.have.property(script);
          expect(step === 'npm start' || step === `npm run ${script}`, step).to.equal(true);
          expect(readme, `the README shows ${step}`).to.contain(`\`${step}\``);
        } else {
          expect(Object.values(scripts), `${step} is what a script runs`).to.include(step);
        }
      }
      if (variables.length === 0 && steps.length > 1) expect(readme).to.contain(command);
      for (const variable of variables) {
        expect(readme, `the README documents ${variable}`).to.contain(`| \`${variable}\``);
        expect(configSource + limitsSource, `the server reads ${variable}`).to.match(new RegExp(`\\b${variable}\\b`));
      }
    }
    expect(scripts.server).to.equal('node --import tsx server/main.ts');
  });

  it('lists the commands on the page, and never a made-up one', async () => {
    const lesson = await renderLesson();
    const shown = [...shadow(lesson).querySelectorAll('#commands dt')].map((cell) => text(cell));
    expect(shown).to.deep.equal(RUN_COMMANDS.map(({ command }) => command));
    const page = text(shadow(lesson));
    expect(page).to.contain('Origin: null');
    expect(page).not.to.match(/node-ts/);
  });
});

for (const mode of [ConnectionMode.simulated, ConnectionMode.live]) {
  describe(`the server lesson in ${mode} mode`, () => {
    useMode(mode);
    failOnConsoleErrors();

    it('broadcasts what Ann says to Ann and Bob, and tells Ann when Bob leaves', async () => {
      const chat = demo(await renderLesson(), 'wsp-server-chat-demo');
      const room = text(chat.root.querySelector('#room'));
      expect(room).to.match(/^lesson-[0-9a-f]{6}$/);
      chat.button('ann-connect').click();
      await chat.waitForLog("What Ann's page received", /"type":"welcome","room":"lesson-[0-9a-f]{6}","you":"Ann"/);
      chat.button('bob-connect').click();
      await chat.waitForLog("What Bob's page received", /"type":"welcome".*"members":\["Ann","Bob"\]/);
      await chat.waitForLog("What Ann's page received", /"type":"joined","name":"Bob"/);
      await waitUntil(() => !chat.button('ann-send').disabled, 'Ann can send', WAIT);

      chat.type('ann-text', 'hello, room');
      chat.button('ann-send').click();
      const said = /"type":"message","from":"Ann","text":"hello, room"/;
      await chat.waitForLog("What Ann's page received", said);
      await chat.waitForLog("What Bob's page received", said);
      expect(chat.log("What Ann's page received").filter((line) => said.test(line))).to.have.length(1);

      chat.button('bob-disconnect').click();
      await chat.waitForLog("What Ann's page received", /"type":"left","name":"Bob"/);
      await chat.waitForLog("What Bob's page received", /Closed with code 1000, reason "Bob left", cleanly/);
      expect(text(chat.root.querySelector('#bob-status'))).to.equal('left');
      expect(text(chat.root.querySelector('#ann-status'))).to.equal('in the room');
      chat.button('ann-disconnect').click();
      await chat.waitForLog("What Ann's page received", /Closed with code 1000/);
    });

    it('pairs the server’s pings with the browser’s automatic pongs, bytes and all', async () => {
      const heartbeat = demo(await renderLesson(), 'wsp-server-heartbeat-demo');
      expect(text(heartbeat.root.querySelector('.url'))).to.match(/\/ping\?every=1000$/);
      heartbeat.button('connect').click();
      const first = (part: string): string =>
        text(heartbeat.root.querySelector(`#ping-pongs tr[data-payload="1"] ${part}`));
      await waitUntil(() => first('td.pong .bytes') !== '', 'the first pong', { timeout: 4000 });
      expect(first('th')).to.equal('"1"');
      expect(first('td.ping .bytes')).to.equal('89 01 31');
      expect(first('td.pong .bytes')).to.match(/^8a 81( [0-9a-f]{2}){5}$/);
      const pingAt = Number(/\d+/.exec(first('td.ping .at'))![0]);
      expect(Number(/\d+/.exec(first('td.pong .at'))![0])).to.be.at.least(pingAt);
      await heartbeat.waitForLog("What the page's code saw", /"type":"pong","seq":1,"rttMs":\d+/);
      expect(heartbeat.log("What the page's code saw").join('\n')).not.to.match(/ping frame|opcode/);
      expect(text(heartbeat.root.querySelector('#tally'))).to.match(
        /^\d+ pings? from the server, [1-9]\d* pongs? from/,
      );
      heartbeat.button('disconnect').click();
      await heartbeat.waitForLog("What the page's code saw", /Closed with code 1000/);
    });

    it('echoes a message through the same /echo endpoint code the lesson shows', async () => {
      const echo = demo(await renderLesson(), 'wsp-echo-demo');
      echo.button('connect').click();
      await waitUntil(() => !echo.button('send-text').disabled, 'the connection opens', WAIT);
      echo.type('message', 'same code, two wires');
      echo.button('send-text').click();
      await echo.waitForLog('Echo log', /Received text "same code, two wires"/);
      echo.button('disconnect').click();
      await echo.waitForLog('Echo log', /Closed with code 1000/);
    });
  });
}

describe('the server lesson’s self-checks', () => {
  it('asks three questions, each with exactly one right answer', async () => {
    const lesson = await renderLesson();
    const checks = [...shadow(lesson).querySelectorAll('wsp-self-check')];
    expect(checks).to.have.length(3);
    for (const check of checks) {
      expect(check.options.filter((option) => option.correct)).to.have.length(1);
    }
    expect(shadow(lesson).querySelector('wsp-key-points')).not.to.equal(null);
  });
});
