// networkpolicy-selector-no-match: a NetworkPolicy applies to, and lets traffic reach, pods of its render.
import type { NetworkPolicy, NetworkPolicyPeer } from 'kubernetes-types/networking/v1.js';
import { arr, describeSelector, isEmptySelector } from '../kube.ts';
import { matchesAnyPod } from '../pods.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'networkpolicy-selector-no-match',
  severity: 'error',
  description: 'A NetworkPolicy podSelector (or a same-namespace peer podSelector) matches no workload in the render.',
  scope: 'rendered-object',
  kinds: ['NetworkPolicy'],
  run({ object: o, render, report }) {
    const spec = (o.body.spec ?? {}) as NetworkPolicy['spec'] & object;
    if (!isEmptySelector(spec.podSelector) && !matchesAnyPod(render, o.namespace, spec.podSelector)) {
      report(['spec', 'podSelector'], `NetworkPolicy ${o.name} applies to ${describeSelector(spec.podSelector)}, which no pod template in the render carries`);
    }
    const peers = (rules: { from?: NetworkPolicyPeer[]; to?: NetworkPolicyPeer[] }[] | undefined, dir: 'ingress' | 'egress'): void => {
      arr(rules).forEach((r, i) => {
        const list = dir === 'ingress' ? r.from : r.to;
        arr(list).forEach((peer, j) => {
          // A peer with a namespaceSelector may select pods of other namespaces, outside this render.
          if (!peer.podSelector || peer.namespaceSelector || isEmptySelector(peer.podSelector)) return;
          if (!matchesAnyPod(render, o.namespace, peer.podSelector)) {
            report(['spec', dir, i, dir === 'ingress' ? 'from' : 'to', j, 'podSelector'], `NetworkPolicy ${o.name} ${dir === 'ingress' ? 'allows traffic from' : 'allows traffic to'} ${describeSelector(peer.podSelector)}, which no pod template in the render carries`);
          }
        });
      });
    };
    peers(spec.ingress, 'ingress');
    peers(spec.egress, 'egress');
  },
});
