import { createService, type PlaygroundService } from '../service/service.ts';
import { browserClock } from './browser-clock.ts';

/**
 * The page's simulated server, one per page as the live server is one
 * process: every simulated connection and probe shares its service, so a
 * room has the same members whichever demo joined it. Only src/transport
 * reaches it (the linter's house rules): views ask a wire.
 */
export const pageService: PlaygroundService = createService({ clock: browserClock });
