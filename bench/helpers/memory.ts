import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface MemorySnapshot {
  /** V8's heap in use plus the memory outside it that V8 is told of (buffers, zlib's state). */
  readonly heap: number;
  readonly rss: number;
}

/** A full GC without --expose-gc on the command line: the flag is read when a new context is made. */
export function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** This process's memory after three full collections, each given a moment for finalizers to run. */
export async function memoryAfterGc(gc: () => void): Promise<MemorySnapshot> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed + usage.external, rss: usage.rss };
}
