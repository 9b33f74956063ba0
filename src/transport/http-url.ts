import { endpointUrl } from './endpoint-url.ts';

/**
 * The http(s) address of a path on the live server whose WebSocket URL is
 * `serverUrl` (ws → http, wss → https): the plain HTTP requests go to the
 * same host, port and sub-path as the WebSocket endpoints.
 */
export function httpUrl(serverUrl: string, target: string): string {
  return endpointUrl(serverUrl, target).replace(/^ws/, 'http');
}
