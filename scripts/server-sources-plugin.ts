import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SERVER_SOURCE_SPEC, showSource, type ShownSource } from '../src/lessons/server/source-spec.ts';

/** The module the server lesson imports its excerpts from. */
export const SERVER_SOURCES_ID = 'virtual:server-sources';

/** Every file the excerpts come from, from the project's root: a change to one changes the module. */
export const SERVER_SOURCE_FILES = [...new Set(Object.values(SERVER_SOURCE_SPEC).map((selector) => selector.file))];

/**
 * The text of `virtual:server-sources`: each excerpt of SERVER_SOURCE_SPEC,
 * cut from the file as it is on disk now. Vite calls it when it builds the
 * site, the test runner when a test imports the lesson.
 */
export async function serverSourcesModule(root: string): Promise<string> {
  const texts = new Map(
    await Promise.all(
      SERVER_SOURCE_FILES.map(async (file) => [file, await readFile(join(root, file), 'utf8')] as const),
    ),
  );
  const sources: Record<string, ShownSource> = {};
  for (const [name, selector] of Object.entries(SERVER_SOURCE_SPEC)) {
    sources[name] = showSource(texts.get(selector.file)!, selector);
  }
  return `export const SERVER_SOURCES = ${JSON.stringify(sources)};\n`;
}
