// compose-port-all-interfaces: the compose stack is for one laptop: its services run without
// authentication (Elasticsearch, ZooKeeper, Kafka, the Spark master that runs submitted code), so a
// published port binds to the loopback address, never to every interface (issue 16, item 6).
import { ComposePlace } from '../layers/place.ts';
import { defineRule } from '../rule.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|\[::1\]|::1|localhost):/;

export default defineRule({
  id: 'compose-port-all-interfaces',
  severity: 'error',
  policy: true,
  description: 'A compose service publishes a port on every interface instead of 127.0.0.1.',
  scope: 'place',
  run({ place, report }) {
    if (!(place instanceof ComposePlace)) return;
    for (const s of place.stack.services) {
      for (const p of s.published) {
        if (LOOPBACK.test(p.spec)) continue;
        report(place.stack.at(p.path), `compose service ${s.name} publishes "${p.spec}" on every interface, reachable from the network without authentication; write it as 127.0.0.1:${p.spec}`, [s.labels]);
      }
    }
  },
});
