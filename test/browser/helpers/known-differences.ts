/**
 * What a real browser's upgrade request has that the simulated one does not,
 * and the reverse. Each entry is explained in docs/fidelity.md.
 */
export const KNOWN_REQUEST_DIFFERENCES = {
  onlySimulated: [] as string[],
  onlyLive: [] as string[],
  differing: [] as string[],
};
