// Messages between the main thread (metrics, status, signals) and the sender threads.
import type { ProducerConfig } from './config.ts';

export interface WorkerAssignment {
  config: ProducerConfig;
  index: number;
  services: string[];
  /** This worker's share of --count (null: no limit). */
  count: number | null;
  /** This worker's share of --rate (0: unpaced). */
  rate: number;
}

export interface ProgressDelta {
  acknowledged: number;
  bytes: number;
  failed: number;
  inFlight: number;
  /** Seconds from send to acknowledgement of each batch since the last report. */
  batchSeconds: number[];
}

export type WorkerMessage =
  | { type: 'connected' }
  | ({ type: 'progress' } & ProgressDelta)
  | { type: 'error'; message: string }
  | { type: 'fatal'; message: string }
  /** This thread stopped producing; the others should stop too (exit status 1). */
  | { type: 'halt'; message: string }
  | ({ type: 'done'; produced: number } & ProgressDelta);

export type MainMessage = { type: 'stop' };
