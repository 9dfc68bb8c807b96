/** A setting that cannot work: its message names the setting and says what it should look like. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
