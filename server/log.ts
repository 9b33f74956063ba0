/** One structured line per event, so logs can be read by people and by tools. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;
export type Logger = (event: string, fields?: LogFields) => void;

export const jsonLogger: Logger = (event, fields = {}) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...fields })}\n`);
};

export const silentLogger: Logger = () => {};
