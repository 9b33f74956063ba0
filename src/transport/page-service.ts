import type { PlaygroundService } from '../service/service.ts';
import { browserClock } from './browser-clock.ts';

let loading: Promise<PlaygroundService> | undefined;

/**
 * The page's simulated server, one per page as the live server is one
 * process: every simulated connection and probe shares its service, so a
 * room has the same members whichever demo joined it. Its code loads with
 * the first simulated request: a lesson read without pressing a button, or
 * in Live mode, never downloads the server. Only src/transport reaches it
 * (the linter's house rules): views ask a wire.
 */
export function pageService(): Promise<PlaygroundService> {
  loading ??= import('../service/service.ts').then(({ createService }) => createService({ clock: browserClock }));
  return loading;
}
