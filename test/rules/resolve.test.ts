// How host names in configs resolve to Services, StatefulSet pods and compose services.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject, Render } from '../../scripts/validate/types.ts';
import type { ComposeStack } from '../../scripts/validate/rules/compose.ts';
import { KubeResolver, parseAddress, resolveCompose } from '../../scripts/validate/rules/resolve.ts';

const obj = (kind: string, name: string, body: Record<string, unknown>): KubeObject => ({
  apiVersion: kind === 'StatefulSet' ? 'apps/v1' : 'v1',
  kind,
  name,
  namespace: 'ns',
  body: { kind, metadata: { name, namespace: 'ns' }, ...body },
  source: { file: 'x.yaml', line: 1, column: 1 },
});

const render: Render = {
  dir: 'overlays/dev',
  file: 'overlays/dev/kustomization.yaml',
  objects: [
    obj('Service', 'kafka', { spec: { selector: { app: 'kafka' }, ports: [{ port: 9092 }] } }),
    obj('Service', 'kafka-headless', { spec: { clusterIP: 'None', selector: { app: 'kafka' }, ports: [{ port: 9092 }] } }),
    obj('StatefulSet', 'kafka', {
      spec: {
        replicas: 3,
        serviceName: 'kafka-headless',
        selector: { matchLabels: { app: 'kafka' } },
        template: { metadata: { labels: { app: 'kafka' } }, spec: { containers: [{ name: 'kafka', image: 'confluentinc/cp-kafka:7.7.1', ports: [{ containerPort: 9092 }] }] } },
      },
    }),
  ],
};
const resolver = new KubeResolver(render);
const resolves = (host: string, port = 9092): boolean => resolver.resolve({ host, port }, 'ns').ok;

test('a Service resolves by short name, with its namespace, and fully qualified', () => {
  for (const host of ['kafka', 'kafka.ns', 'kafka.ns.svc', 'kafka.ns.svc.cluster.local']) assert.ok(resolves(host), host);
});

test('a Service in another namespace, or on a port it does not serve, does not resolve', () => {
  assert.equal(resolves('kafka.other'), false);
  assert.equal(resolves('kafka', 9093), false);
});

test('StatefulSet pods resolve as pod-N.headless with any suffix, below the replica count only', () => {
  for (const host of ['kafka-0.kafka-headless', 'kafka-2.kafka-headless.ns', 'kafka-1.kafka-headless.ns.svc.cluster.local']) assert.ok(resolves(host), host);
  assert.equal(resolves('kafka-3.kafka-headless'), false);
  assert.equal(resolves('kafka-0.kafka'), false, 'kafka is not the StatefulSet governing Service');
});

test('addresses parse with and without a scheme, defaulting http to 80', () => {
  assert.deepEqual(parseAddress('kafka:9092'), { host: 'kafka', port: 9092 });
  assert.deepEqual(parseAddress('http://elasticsearch:9200/'), { host: 'elasticsearch', port: 9200 });
  assert.deepEqual(parseAddress('http://grafana'), { host: 'grafana', port: 80 });
  assert.equal(parseAddress('kafka'), undefined);
});

test('a compose service resolves by name or alias, on a port it publishes or exposes', () => {
  const stack: ComposeStack = {
    file: 'compose/compose.yaml',
    at: () => ({ file: 'compose/compose.yaml', line: 1, column: 1 }),
    services: [
      { name: 'kafka', file: 'compose/compose.yaml', environment: {}, labels: {}, paths: { environment: {}, labels: {} }, ports: new Set([9092]), exposed: [], published: [], hostnames: new Set(['kafka', 'broker']), mounts: [] },
      { name: 'exporter', file: 'compose/compose.yaml', environment: {}, labels: {}, paths: { environment: {}, labels: {} }, ports: new Set(), exposed: [], published: [], hostnames: new Set(['exporter']), mounts: [] },
    ],
  };
  assert.ok(resolveCompose(stack, { host: 'broker', port: 9092 }).ok);
  assert.equal(resolveCompose(stack, { host: 'kafka', port: 29092 }).ok, false);
  const silent = resolveCompose(stack, { host: 'exporter', port: 9308 });
  assert.ok(!silent.ok && silent.reason.includes('expose'), 'a service declaring no port is told to expose it');
});
