import { expect } from '@open-wc/testing';
import {
  ConnectionSettings,
  LOCAL_SERVER_URL,
  type SettingsEnvironment,
} from '../../../src/controllers/connection-settings.ts';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

function env(overrides: Partial<SettingsEnvironment['location']> = {}, devServer = false, storage = memoryStorage()) {
  return {
    location: { protocol: 'http:', host: 'localhost:8080', search: '', ...overrides },
    storage,
    devServer,
  } satisfies SettingsEnvironment;
}

describe('the connection settings', () => {
  it('start in Simulated mode, which needs no server', () => {
    expect(new ConnectionSettings(env()).mode).to.equal('simulated');
  });

  it('remember the mode across reloads', () => {
    const storage = memoryStorage();
    new ConnectionSettings(env({}, false, storage)).setMode('live');
    expect(new ConnectionSettings(env({}, false, storage)).mode).to.equal('live');
  });

  it('default to the page’s own origin when the live server serves the page', () => {
    expect(new ConnectionSettings(env()).serverUrl).to.equal('ws://localhost:8080');
    expect(new ConnectionSettings(env({ protocol: 'https:', host: 'course.example' })).serverUrl).to.equal(
      'wss://course.example',
    );
  });

  it('default to ws://localhost:8080 under the dev server and for a page opened from a file', () => {
    expect(new ConnectionSettings(env({ host: 'localhost:5173' }, true)).serverUrl).to.equal(LOCAL_SERVER_URL);
    expect(new ConnectionSettings(env({ protocol: 'file:', host: '' })).serverUrl).to.equal(LOCAL_SERVER_URL);
  });

  it('take the live server from ?server= over everything else', () => {
    const settings = new ConnectionSettings(env({ search: '?server=wss://ws.example:9000' }));
    expect(settings.serverUrl).to.equal('wss://ws.example:9000');
    expect(settings.serverUrlSource).to.equal('query');
  });

  it('ignore a ?server= that is no WebSocket URL, and say why', () => {
    const settings = new ConnectionSettings(env({ search: '?server=ftp://ws.example' }));
    expect(settings.serverUrl).to.equal('ws://localhost:8080');
    expect(settings.queryProblem).to.match(/starts with ftp:; a live server's URL starts with ws: or wss:/);
  });

  it('take an http: or https: server URL as the WebSocket constructor does: as ws: or wss:', () => {
    expect(new ConnectionSettings(env({ search: '?server=http://ws.example:9000' })).serverUrl).to.equal(
      'ws://ws.example:9000',
    );
    expect(new ConnectionSettings(env({ search: '?server=https://ws.example/proxy' })).serverUrl).to.equal(
      'wss://ws.example/proxy',
    );
  });

  it('refuse a typed URL that is not ws: or wss:, keeping the old one', () => {
    const settings = new ConnectionSettings(env());
    expect(settings.setServerUrl('localhost:8080')).to.be.a('string');
    expect(settings.serverUrl).to.equal('ws://localhost:8080');
    expect(settings.setServerUrl('ws://10.0.0.5:8080/')).to.equal(undefined);
    expect(settings.serverUrl).to.equal('ws://10.0.0.5:8080');
  });

  it('take an endpoint URL, as the status line shows one, for the server that serves it', () => {
    const settings = new ConnectionSettings(env());
    expect(settings.setServerUrl('ws://127.0.0.1:9310/echo')).to.equal(undefined);
    expect(settings.serverUrl).to.equal('ws://127.0.0.1:9310');
    expect(settings.setServerUrl('wss://course.example/ws/chat?room=lobby&name=ann')).to.equal(undefined);
    expect(settings.serverUrl, 'a server under a sub-path keeps it').to.equal('wss://course.example/ws');
    expect(settings.setServerUrl('wss://course.example/ws/')).to.equal(undefined);
    expect(settings.serverUrl).to.equal('wss://course.example/ws');
  });

  it('still work when the browser refuses storage', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {},
    };
    const settings = new ConnectionSettings({ ...env(), storage: refusing as unknown as Storage });
    settings.setMode('live');
    expect(settings.mode).to.equal('live');
  });
});
