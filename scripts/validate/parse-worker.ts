// The parse worker's program (see parse-pool.ts): claim a text from the shared counter, read it with
// fastRead, repeat; post the readings in batches, so that copying them out overlaps the reading
// instead of following it.
import { parentPort, workerData } from 'node:worker_threads';
import { type FastRead, fastRead } from './fast-read.ts';

export interface WorkerData {
  texts: string[];
  /** Element 0 is the index of the next unclaimed text (Atomics). */
  next: Int32Array;
  /** Readings per message. */
  postEvery: number;
}

/** [index into texts, the reading, or null when the slow parser must look at it]. */
export type WorkerResult = Array<[number, FastRead | null]>;

if (parentPort) {
  const { texts, next, postEvery } = workerData as WorkerData;
  let results: WorkerResult = [];
  for (let i = Atomics.add(next, 0, 1); i < texts.length; i = Atomics.add(next, 0, 1)) {
    results.push([i, fastRead(texts[i]!)]);
    if (results.length === postEvery) {
      parentPort.postMessage(results);
      results = [];
    }
  }
  parentPort.postMessage(results);
}
