import { expect } from '@open-wc/testing';
import { loadSession, saveSession } from '../../../src/playground/playground-session.ts';

const KEY = 'wsp-playground-session';

/** A Storage whose every call throws, as in a browser that refuses storage (privacy mode, quota, sandbox). */
const refusingStorage: Storage = {
  length: 0,
  clear: () => {
    throw new DOMException('storage is disabled', 'SecurityError');
  },
  getItem: () => {
    throw new DOMException('storage is disabled', 'SecurityError');
  },
  key: () => {
    throw new DOMException('storage is disabled', 'SecurityError');
  },
  removeItem: () => {
    throw new DOMException('storage is disabled', 'SecurityError');
  },
  setItem: () => {
    throw new DOMException('the quota is exceeded', 'QuotaExceededError');
  },
};

describe('the playground session', () => {
  afterEach(() => localStorage.removeItem(KEY));

  it('comes back as it was saved, in the browser’s localStorage', () => {
    const session = { client: "log('é 👋');", server: 'serve(() => ({}));', exampleId: 'own-server' };
    saveSession(session);
    expect(JSON.parse(localStorage.getItem(KEY)!)).to.deep.equal(session);
    expect(loadSession()).to.deep.equal(session);
  });

  it('is none before anything was saved', () => {
    expect(loadSession()).to.equal(undefined);
  });

  it('is none when storage holds junk or another shape', () => {
    for (const junk of ['{', 'null', '[]', '42', '"x"', JSON.stringify({ client: 1, server: '' }), '{"client":"a"}']) {
      localStorage.setItem(KEY, junk);
      expect(loadSession(), junk).to.equal(undefined);
    }
  });

  it('takes a session saved without an example as one with none', () => {
    localStorage.setItem(KEY, JSON.stringify({ client: 'a', server: 'b', exampleId: 7 }));
    expect(loadSession()).to.deep.equal({ client: 'a', server: 'b', exampleId: '' });
  });

  it('neither loads nor saves, and never throws, when storage refuses', () => {
    expect(() => saveSession({ client: 'a', server: '', exampleId: 'echo' }, refusingStorage)).to.not.throw();
    expect(loadSession(refusingStorage)).to.equal(undefined);
  });
});
