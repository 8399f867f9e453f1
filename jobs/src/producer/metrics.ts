// The producer's own Prometheus metrics. The alert rules use producer_messages_sent_total and
// producer_send_errors_total by name: keep them.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProgressDelta } from './worker-protocol.ts';

export interface ProducerMetrics {
  registry: Registry;
  record(delta: ProgressDelta, worker: number): void;
}

export function createProducerMetrics(topic: string): ProducerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ topic });
  collectDefaultMetrics({ register: registry });
  const sent = new Counter({ name: 'producer_messages_sent_total', help: 'Messages acknowledged by the brokers (acks from all in-sync replicas).', registers: [registry] });
  const bytes = new Counter({ name: 'producer_bytes_sent_total', help: 'Bytes of message values acknowledged by the brokers.', registers: [registry] });
  const errors = new Counter({ name: 'producer_send_errors_total', help: 'Messages that were not acknowledged after all retries.', registers: [registry] });
  const latency = new Histogram({
    name: 'producer_send_duration_seconds',
    help: 'Time from handing a batch to the client to its acknowledgement by the brokers.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const inFlight = new Gauge({ name: 'producer_batches_in_flight', help: 'Batches sent and not yet acknowledged.', labelNames: ['worker'], registers: [registry] });
  return {
    registry,
    record(delta, worker) {
      if (delta.acknowledged > 0) sent.inc(delta.acknowledged);
      if (delta.bytes > 0) bytes.inc(delta.bytes);
      if (delta.failed > 0) errors.inc(delta.failed);
      for (const seconds of delta.batchSeconds) latency.observe(seconds);
      inFlight.set({ worker: String(worker) }, delta.inFlight);
    },
  };
}
