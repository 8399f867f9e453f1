// zone-spread-hard: in prod, the quorum and replica holders (ZooKeeper, Kafka, Elasticsearch) keep one
// member per availability zone strictly: with ScheduleAnyway (or no zone constraint) two of three members
// can share a zone, and losing it loses the quorum (issue 16, item 4).
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { arr, replicasOf } from '../kube.ts';
import { defineRule } from '../rule.ts';
import { containersRunning, prodRender } from './containers.ts';

const STATEFUL = /^(cp-)?(zookeeper|kafka|elasticsearch)$/;
const ZONE = 'topology.kubernetes.io/zone';

export default defineRule({
  id: 'zone-spread-hard',
  severity: 'error',
  policy: true,
  description: 'A replicated prod ZooKeeper, Kafka or Elasticsearch StatefulSet without a DoNotSchedule topologySpreadConstraint on the zone.',
  scope: 'object',
  kinds: ['StatefulSet'],
  run({ object: o, pod, render, report }) {
    if (!pod || replicasOf(o) <= 1 || !prodRender(render)) return;
    if (!containersRunning(pod, STATEFUL).some((c) => !c.init)) return;
    const spread = arr(pod.spec.topologySpreadConstraints as TopologySpreadConstraint[] | undefined);
    const i = spread.findIndex((t) => t.topologyKey === ZONE);
    const zone = spread[i];
    if (!zone) {
      report([...pod.path, 'spec', spread.length > 0 ? 'topologySpreadConstraints' : 'affinity'], `StatefulSet ${o.name} runs ${replicasOf(o)} replicas in prod without a topologySpreadConstraint on ${ZONE}; add one with whenUnsatisfiable: DoNotSchedule so a zone loss cannot take a majority`);
    } else if (zone.whenUnsatisfiable !== 'DoNotSchedule') {
      report([...pod.path, 'spec', 'topologySpreadConstraints', i, 'whenUnsatisfiable'], `StatefulSet ${o.name}: its zone spread is ${zone.whenUnsatisfiable ?? 'unset'}, so two of its ${replicasOf(o)} members may share a zone; use DoNotSchedule`);
    }
  },
});
