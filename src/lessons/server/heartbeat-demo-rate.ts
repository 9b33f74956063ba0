/** How often the heartbeat demo's server pings: fast enough to watch, slow enough to read. */
export const HEARTBEAT_DEMO_EVERY_MS = 1000;
