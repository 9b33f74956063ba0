/** Where a demo's connection goes: the in-page server or the real one in server/. */
export const ConnectionMode = {
  simulated: 'simulated',
  live: 'live',
} as const;
export type ConnectionMode = (typeof ConnectionMode)[keyof typeof ConnectionMode];

export function isConnectionMode(value: unknown): value is ConnectionMode {
  return value === ConnectionMode.simulated || value === ConnectionMode.live;
}
