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

  it('let reader-facing code build on the WebSocket class it was given', async () => {
    const code =
      `export function open(url: string, WebSocket = globalThis.WebSocket) {\n` + `  return new WebSocket(url);\n}\n`;
    assert.deepEqual(await ruleIdsFor('src/lessons/client/recipes/given-class.ts', code), []);
  });

  it('let a view import another view and a controller', async () => {
    const code =
      `${VIEW}import '../../components/wsp-event-log.ts';\n` +
      `import { ConnectionLog } from '../../controllers/connection-log.ts';\n` +
      `export class V extends LitElement { log = new ConnectionLog(); override render() { return html\`\`; } }\n`;
    assert.deepEqual(await ruleIdsFor('src/lessons/closing/wsp-some-view.ts', code), []);
  });

  it('let src/transport call fetch and open sockets', async () => {
    const code = `export async function get(url: string) { await fetch(url); return new WebSocket(url); }\n`;
    assert.deepEqual(await ruleIdsFor('src/transport/some-wire.ts', code), []);
  });
});
