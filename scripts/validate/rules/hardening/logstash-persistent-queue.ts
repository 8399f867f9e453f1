// logstash-persistent-queue: in prod, Logstash buffers events in a persisted queue on a volume that
// outlives the pod; an in-memory queue (or one on an emptyDir) loses what it holds on a pod kill or
// node loss, after the Kafka input has moved on (issue 16, item 1).
import type { PersistentVolumeClaim, Volume } from 'kubernetes-types/core/v1.js';
import { arr, asRecord, type FieldPath } from '../kube.ts';
import { defineRule } from '../rule.ts';
import { containersRunning, envValue, prodRender } from './containers.ts';

const LOGSTASH = /^logstash(-oss)?$/;
/** Logstash's default path.queue in the official image. */
const DEFAULT_QUEUE = '/usr/share/logstash/data/queue';

export default defineRule({
  id: 'logstash-persistent-queue',
  severity: 'error',
  policy: true,
  description: 'A prod Logstash without QUEUE_TYPE=persisted, or whose queue path is not on a volume claim.',
  scope: 'object',
  kinds: ['StatefulSet', 'Deployment', 'DaemonSet'],
  run({ object: o, pod, render, report }) {
    if (!pod || !prodRender(render)) return;
    for (const c of containersRunning(pod, LOGSTASH).filter((x) => !x.init)) {
      const name = c.container.name;
      const type = envValue(c, 'QUEUE_TYPE');
      if (type !== 'persisted') {
        const at: FieldPath = type === undefined ? [...c.path, 'env'] : [...c.path, 'env', { name: 'QUEUE_TYPE' }, 'value'];
        report(at, `${o.kind} ${o.name}, container ${name}: QUEUE_TYPE is ${type ?? 'unset (memory)'}; set it to "persisted" so events Logstash has taken from Kafka survive a pod kill`, { container: name });
        continue;
      }
      const queue = envValue(c, 'PATH_QUEUE') ?? DEFAULT_QUEUE;
      const mount = arr(c.container.volumeMounts)
        .filter((m) => queue === m.mountPath || queue.startsWith(`${m.mountPath.replace(/\/$/, '')}/`))
        .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
      const claims = arr(asRecord(o.body.spec)?.volumeClaimTemplates as PersistentVolumeClaim[] | undefined).map((t) => t.metadata?.name);
      const volume = arr(pod.spec.volumes as Volume[] | undefined).find((v) => v.name === mount?.name);
      if (mount && (claims.includes(mount.name) || volume?.persistentVolumeClaim)) continue;
      const at: FieldPath = volume ? [...pod.path, 'spec', 'volumes', { name: volume.name }] : [...c.path, mount ? 'volumeMounts' : 'env'];
      report(at, `${o.kind} ${o.name}, container ${name}: the persisted queue at ${queue} is ${mount ? `on volume "${mount.name}", which is no volume claim` : 'on no volume'}; put it on a volumeClaimTemplate so it outlives the pod`, { container: name });
    }
  },
});
