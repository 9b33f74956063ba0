/** The sizes that show the three length forms (§5.2): the last 7-bit, the first 16-bit, a 64-bit. */
export const LENGTH_PRESETS = [125, 126, 65_536] as const;
