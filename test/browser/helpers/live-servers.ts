import { executeServerCommand } from '@web/test-runner-commands';

/** The WebSocket URL of a real server the test-runner config started (see web-test-runner.config.mjs). */
export async function serverUrl(name: 'live-server-url' | 'strict-server-url'): Promise<string> {
  const url = await executeServerCommand(name);
  if (typeof url !== 'string') throw new Error(`the test runner did not start the ${name} server`);
  return url;
}
