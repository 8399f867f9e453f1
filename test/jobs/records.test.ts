// The log records: JSON with Elastic Common Schema field names, a realistic mix, keyed by service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogRecordGenerator, SERVICES, servicesForWorker } from '../../jobs/src/producer/records.ts';

const FIXED_NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

function sample(count: number, options = {}) {
  const { messages, bytes } = new LogRecordGenerator({ seed: 42, now: () => FIXED_NOW, ...options }).batch(count);
  return { bytes, records: messages.map((m) => ({ key: m.key.toString(), doc: JSON.parse(m.value.toString()) as Record<string, unknown> })) };
}

test('every record is one JSON object with the ECS base fields', () => {
  for (const { doc } of sample(500).records) {
    assert.equal(doc['@timestamp'], '2026-01-02T03:04:05.678Z');
    assert.ok(['info', 'warn', 'error', 'debug'].includes(doc['log.level'] as string));
    assert.equal(typeof doc.message, 'string');
    assert.ok(SERVICES.some((s) => s.name === doc['service.name']));
    assert.match(doc['host.name'] as string, /^[a-z-]+-[0-9a-f]{4}$/);
    assert.match(doc['trace.id'] as string, /^[0-9a-f]{32}$/);
  }
});

test('access logs carry ECS http fields and a duration in nanoseconds', () => {
  const access = sample(500).records.map((r) => r.doc).filter((d) => 'http.request.method' in d);
  assert.ok(access.length > 300, 'most records are access logs');
  for (const doc of access) {
    assert.ok(['GET', 'POST', 'PUT'].includes(doc['http.request.method'] as string));
    assert.ok(Number.isInteger(doc['http.response.status_code']));
    assert.equal((doc['event.duration'] as number) % 1_000_000, 0);
    assert.equal(doc['log.level'], (doc['http.response.status_code'] as number) >= 500 ? 'error' : 'info');
  }
});

test('the key is the service name, so one service\'s records share a partition', () => {
  for (const { key, doc } of sample(200).records) assert.equal(key, doc['service.name']);
});

test('the mix is realistic: every service and level appears, info dominates, errors are rare', () => {
  const { records } = sample(20_000);
  const levels = new Map<string, number>();
  for (const { doc } of records) levels.set(doc['log.level'] as string, (levels.get(doc['log.level'] as string) ?? 0) + 1);
  assert.equal(new Set(records.map((r) => r.key)).size, SERVICES.length);
  const share = (level: string): number => (levels.get(level) ?? 0) / records.length;
  assert.ok(share('info') > 0.7 && share('info') < 0.9, `info ${share('info')}`);
  assert.ok(share('error') > 0.01 && share('error') < 0.08, `error ${share('error')}`);
  assert.ok(share('warn') > 0.05 && share('debug') > 0.02);
});

test('records average a few hundred bytes and the batch reports their total size', () => {
  const { records, bytes } = sample(5_000);
  const average = bytes / records.length;
  assert.ok(average > 180 && average < 320, `average ${average}`);
});

test('each worker owns a disjoint set of services covering them all', () => {
  const owned = [0, 1, 2].map((w) => servicesForWorker(w, 3));
  assert.deepEqual(owned.flat().sort(), SERVICES.map((s) => s.name).sort());
  assert.equal(new Set(owned.flat()).size, SERVICES.length);
  const keys = new Set(sample(300, { services: owned[1] }).records.map((r) => r.key));
  assert.deepEqual([...keys].sort(), [...owned[1]!].sort());
});
