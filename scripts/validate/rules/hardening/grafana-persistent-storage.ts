// grafana-persistent-storage: in prod, Grafana's data directory (its SQLite database: users, API keys,
// annotations) lies on a volume claim; on an emptyDir it vanishes with the pod (issue 16, item 5).
import type { PersistentVolumeClaim, Volume } from 'kubernetes-types/core/v1.js';
import { arr, asRecord } from '../kube.ts';
import { defineRule } from '../rule.ts';
import { containersRunning, envValue, prodRender } from './containers.ts';

const GRAFANA = /^grafana(-oss|-enterprise)?$/;
const DEFAULT_DATA = '/var/lib/grafana';

export default defineRule({
  id: 'grafana-persistent-storage',
  severity: 'error',
  policy: true,
  description: "A prod Grafana whose data directory is on an emptyDir or on no volume.",
  scope: 'object',
  kinds: ['Deployment', 'StatefulSet'],
  run({ object: o, pod, render, report }) {
    if (!pod || !prodRender(render)) return;
    for (const c of containersRunning(pod, GRAFANA).filter((x) => !x.init)) {
      const data = envValue(c, 'GF_PATHS_DATA') ?? DEFAULT_DATA;
      const mount = arr(c.container.volumeMounts).find((m) => m.mountPath.replace(/\/$/, '') === data.replace(/\/$/, ''));
      const claims = arr(asRecord(o.body.spec)?.volumeClaimTemplates as PersistentVolumeClaim[] | undefined).map((t) => t.metadata?.name);
      const volume = arr(pod.spec.volumes as Volume[] | undefined).find((v) => v.name === mount?.name);
      if (mount && (claims.includes(mount.name) || volume?.persistentVolumeClaim)) continue;
      const name = c.container.name;
      if (volume) {
        report([...pod.path, 'spec', 'volumes', { name: volume.name }], `${o.kind} ${o.name}: Grafana's data directory ${data} is on volume "${volume.name}", which is no volume claim; users, keys and annotations vanish with the pod`, { container: name });
      } else {
        report(c.path, `${o.kind} ${o.name}, container ${name}: nothing is mounted at Grafana's data directory ${data}; mount a volume claim there`, { container: name });
      }
    }
  },
});
