import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

/**
 * The house rules as the project's own linter applies them: each fixture is
 * linted as if it were a file at that path of src/, with eslint.config.js.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  assert.ok(result, `no lint result for ${filePath}`);
  return result.messages.map((message) => message.ruleId ?? `fatal: ${message.message}`);
}

const VIEW = `import { LitElement, html } from 'lit';\n`;

const failing: { title: string; file: string; code: string; rule: string }[] = [
  {
    title: "a lesson importing another lesson's folder",
    file: 'src/lessons/closing/uses-cors.ts',
    code: `import { CorsTarget } from '../cors/target.ts';\nexport const target: unknown = CorsTarget;\n`,
    rule: 'house/lesson-boundary',
  },
  {
    title: "a nested lesson module importing another lesson's folder",
    file: 'src/lessons/client/recipes/uses-frames.ts',
    code: `export { FrameLabRun } from '../../frames/frame-lab-run.ts';\n`,
    rule: 'house/lesson-boundary',
  },
  {
    title: 'a lesson importing the playground',
    file: 'src/lessons/client/uses-playground.ts',
    code: `import { examples } from '../../playground/examples.ts';\nexport const list: unknown = examples;\n`,
    rule: 'no-restricted-imports',
  },
  {
    title: 'the playground importing a lesson',
    file: 'src/playground/uses-client.ts',
    code: `import { RECIPES_FOLDER } from '../lessons/client/recipe-code.ts';\nexport const folder: unknown = RECIPES_FOLDER;\n`,
    rule: 'no-restricted-imports',
  },
  {
    title: 'a playground view opening a WebSocket',
    file: 'src/playground/wsp-socket-view.ts',
    code: `${VIEW}export class V extends LitElement { go() { return new WebSocket('ws://localhost:8080/echo'); } }\n`,
    rule: 'house/no-wire-in-view',
  },
  {
    title: 'a view calling fetch',
    file: 'src/lessons/handshake/wsp-fetching-view.ts',
    code: `${VIEW}export class V extends LitElement { async go() { await fetch('/healthz'); return html\`\`; } }\n`,
    rule: 'house/no-wire-in-view',
  },
  {
    title: 'a shared view calling window.fetch',
    file: 'src/components/wsp-fetching-view.ts',
    code: `${VIEW}export class V extends LitElement { go() { return window.fetch('/poll').then(() => html\`\`); } }\n`,
    rule: 'house/no-wire-in-view',
  },
  {
    title: 'a view opening a WebSocket',
    file: 'src/lessons/cors/wsp-socket-view.ts',
    code: `${VIEW}export class V extends LitElement { go() { return new WebSocket('ws://localhost:8080/echo'); } }\n`,
    rule: 'house/no-wire-in-view',
  },
  {
    title: 'a controller opening an EventSource',
    file: 'src/controllers/sse-controller.ts',
    code: `export function open(): EventSource { return new globalThis.EventSource('/events'); }\n`,
    rule: 'house/no-wire-in-view',
  },
  {
    title: 'a view making its own simulated service',
    file: 'src/lessons/cors/wsp-service-view.ts',
    code: `import { createService } from '../../service/service.ts';\nexport const service: unknown = createService;\n`,
    rule: 'house/no-wire-in-view',
  },
  {
    title: 'a view calling fetch through an alias',
    file: 'src/lessons/frames/wsp-aliased-view.ts',
    code: `${VIEW}const get = fetch;\nexport class V extends LitElement { go() { return get('/poll').then(() => html\`\`); } }\n`,
    rule: 'house/no-wire-in-view',
  },
  {
    title: 'a view sending an XMLHttpRequest',
    file: 'src/components/wsp-xhr-view.ts',
    code: `${VIEW}export class V extends LitElement { go() { new XMLHttpRequest().open('GET', '/poll'); return html\`\`; } }\n`,
    rule: 'house/no-wire-in-view',
  },
  {
    title: 'a view taking the service module whole',
    file: 'src/lessons/cors/wsp-namespace-view.ts',
    code: `import * as service from '../../service/service.ts';\nexport const make: unknown = service;\n`,
    rule: 'house/no-wire-in-view',
  },
  {
    title: "a lesson reaching transport's own page service",
    file: 'src/lessons/cors/probe-controller.ts',
    code: `import { pageService } from '../../transport/page-service.ts';\nexport const service: unknown = pageService;\n`,
    rule: 'house/no-wire-in-view',
  },
  {
    title: "a lesson importing another lesson's folder from the project's root",
    file: 'src/lessons/closing/uses-cors-from-root.ts',
    code: `import { CorsTarget } from '/src/lessons/cors/target.ts';\nexport const target: unknown = CorsTarget;\n`,
    rule: 'house/lesson-boundary',
  },
  {
    title: 'a transport module importing ws',
    file: 'src/transport/node-wire.ts',
    code: `import WebSocket from 'ws';\nexport const Wire: unknown = WebSocket;\n`,
    rule: 'no-restricted-imports',
  },
  {
    title: 'a transport module other than simulated.ts importing mock-socket',
    file: 'src/transport/another-mock.ts',
    code: `import { Server } from 'mock-socket';\nexport const MockServer: unknown = Server;\n`,
    rule: 'no-restricted-imports',
  },
  {
    title: 'a controller that takes a non-rendering value from Lit and imports an element',
    file: 'src/lessons/frames/lab-directive-controller.ts',
    code: `import { noChange } from 'lit';\nimport type { WspFrameLab } from './wsp-frame-lab.ts';\nexport const keep: unknown = noChange;\nexport type Host = WspFrameLab;\n`,
    rule: 'house/no-view-in-controller',
  },
  {
    title: 'a lesson controller importing an element',
    file: 'src/lessons/frames/lab-controller.ts',
    code: `import type { WspFrameLab } from './wsp-frame-lab.ts';\nexport type Host = WspFrameLab;\n`,
    rule: 'house/no-view-in-controller',
  },
  {
    title: 'a model importing a module that renders',
    file: 'src/lessons/closing/closing-model.ts',
    code: `import { closeOutcomeView } from './views.ts';\nexport const view: unknown = closeOutcomeView;\n`,
    rule: 'house/no-view-in-controller',
  },
  {
    title: 'a shared controller importing a shared view',
    file: 'src/controllers/log-controller.ts',
    code: `import type { WspEventLog } from '../components/wsp-event-log.ts';\nexport type Log = WspEventLog;\n`,
    rule: 'no-restricted-imports',
  },
];

describe('the house rules of src/', () => {
  for (const { title, file, code, rule } of failing) {
    it(`fail on ${title}`, async () => {
      assert.ok((await ruleIdsFor(file, code)).includes(rule), `${file} should break ${rule}`);
    });
  }

  it('let a lesson import its own folder and the layers below', async () => {
    const code =
      `import { closeCodeLabel } from '../../protocol/index.ts';\n` +
      `import { connectionSettings } from '../../controllers/connection-settings.ts';\n` +
      `import { closeCall } from './call.ts';\n` +
      `export const used: unknown[] = [closeCodeLabel, connectionSettings, closeCall];\n`;
    assert.deepEqual(await ruleIdsFor('src/lessons/closing/uses-below.ts', code), []);
  });

  it("let the client recipes use the browser's WebSocket as a page writes it, and nothing else in the lesson", async () => {
    const code = `export function open(url: string, WebSocket = globalThis.WebSocket) {\n  return new WebSocket(url);\n}\n`;
    assert.deepEqual(await ruleIdsFor('src/lessons/client/recipes/given-class.ts', code), []);
    assert.ok((await ruleIdsFor('src/lessons/client/given-class.ts', code)).includes('house/no-wire-in-view'));
  });

  it('let a view import another view and a controller', async () => {
    const code =
      `${VIEW}import '../../components/wsp-event-log.ts';\n` +
      `import { ConnectionLog } from '../../controllers/connection-log.ts';\n` +
      `export class V extends LitElement { log = new ConnectionLog(); override render() { return html\`\`; } }\n`;
    assert.deepEqual(await ruleIdsFor('src/lessons/closing/wsp-some-view.ts', code), []);
  });

  it('let a model import a controller that takes only types from Lit', async () => {
    const code = `import { RequestController } from '../../controllers/request-controller.ts';\nexport const base: unknown = RequestController;\n`;
    assert.deepEqual(await ruleIdsFor('src/lessons/frames/lab-model.ts', code), []);
  });

  it('let a view name the WebSocket type without using the global', async () => {
    const code = `${VIEW}export class V extends LitElement { socket: WebSocket | undefined; make: typeof WebSocket | undefined; override render() { return html\`\`; } }\n`;
    assert.deepEqual(await ruleIdsFor('src/lessons/client/wsp-typed-view.ts', code), []);
  });

  it('let src/transport call fetch and open sockets', async () => {
    const code = `export async function get(url: string) { await fetch(url); return new WebSocket(url); }\n`;
    assert.deepEqual(await ruleIdsFor('src/transport/some-wire.ts', code), []);
  });
});
