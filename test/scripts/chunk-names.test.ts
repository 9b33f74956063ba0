import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkFileName } from '../../scripts/chunk-names.ts';

const chunk = (facadeModuleId: string | null, moduleIds: string[]) => ({
  name: 'socket-data',
  isEntry: false,
  isDynamicEntry: false,
  facadeModuleId,
  moduleIds,
  exports: [],
});

describe('built chunk names', () => {
  it('names a shared chunk after what it holds, most modules first', () => {
    const shared = chunk(null, [
      '/p/src/service/echo.ts',
      '/p/src/service/chat.ts',
      '/p/src/transport/socket-data.ts',
      '/p/src/protocol/frame.ts',
      '/p/src/protocol/utf8.ts',
      '/p/src/protocol/close-codes.ts',
      '/p/node_modules/mock-socket/dist/mock-socket.js',
      '/p/node_modules/lit-html/lit-html.js',
    ]);
    assert.equal(chunkFileName(shared), 'assets/protocol-service-lit-mock-socket-wire-[hash].js');
  });

  it('keeps the name of a chunk that an import names', () => {
    const lesson = chunk('/p/src/lessons/frames/wsp-lesson-frames.ts', ['/p/src/lessons/frames/wsp-lesson-frames.ts']);
    assert.equal(chunkFileName(lesson), 'assets/[name]-[hash].js');
  });
});
