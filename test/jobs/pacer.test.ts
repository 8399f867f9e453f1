// Pacing: the number of records released tracks rate × elapsed time, in tenth-of-a-second chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pacer } from '../../jobs/src/producer/pacer.ts';

test('chunks are a tenth of a second of records, capped by the batch size', () => {
  assert.equal(new Pacer(10_000).chunk(5_000), 1_000);
  assert.equal(new Pacer(10_000).chunk(300), 300);
  assert.equal(new Pacer(5).chunk(1_000), 1);
  assert.equal(new Pacer(0).chunk(1_000), 1_000, 'unpaced: whole batches');
});

test('a stop releases exactly what is due by then: rate × elapsed', async () => {
  const rate = 2_000;
  const pacer = new Pacer(rate);
  const started = performance.now();
  const stop = new AbortController();
  setTimeout(() => stop.abort(), 550);
  let released = 0;
  while (!stop.signal.aborted) released += await pacer.take(pacer.chunk(1_000), stop.signal);
  const expected = Math.floor(((performance.now() - started) / 1000) * rate);
  assert.ok(Math.abs(released - expected) <= 2, `released ${released}, expected about ${expected}`);
});

test('an unpaced pacer never waits', async () => {
  const pacer = new Pacer(0);
  const started = performance.now();
  for (let i = 0; i < 1_000; i++) assert.equal(await pacer.take(500), 500);
  assert.ok(performance.now() - started < 200);
});

test('a sender that fell behind takes everything due in one batch, up to its limit', async () => {
  let now = 0;
  const pacer = new Pacer(10_000, () => now);
  now = 350; // acknowledgements took 350 ms: 3,500 records are due
  assert.equal(await pacer.take(pacer.chunk(3_000), undefined, 3_000), 3_000);
  now = 450; // 1,000 more: 1,500 due
  assert.equal(await pacer.take(pacer.chunk(3_000), undefined, 3_000), 1_500);
});
