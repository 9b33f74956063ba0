/** Thrown for a setting that cannot work; the message names the variable and the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
