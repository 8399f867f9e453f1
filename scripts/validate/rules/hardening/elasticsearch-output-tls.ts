// elasticsearch-output-tls: in prod, every client reaches Elasticsearch over HTTPS: credentials and
// documents cross the pod network, which NetworkPolicies restrict but do not encrypt (issue 16, item 2).
// Env values and arguments here; Logstash's pipeline outputs in logstash-output-tls.
import { WORKLOAD_KINDS } from '../kube.ts';
import { defineRule } from '../rule.ts';
import { containersRunning, prodRender, settingsOf } from './containers.ts';

/** A plain-HTTP URL naming Elasticsearch's Service or its HTTP port. */
export const PLAIN_ELASTICSEARCH = /http:\/\/(?:[^\s"',\]@/]*@)?(?:[^\s"',\]/]*elasticsearch[^\s"',\]/]*|[^\s"',\]/]*:9200)/i;

export default defineRule({
  id: 'elasticsearch-output-tls',
  severity: 'error',
  policy: true,
  description: 'A prod container reaches Elasticsearch over http:// (an env value or argument: Kibana, the exporter, the set-up Job, Logstash).',
  scope: 'object',
  kinds: [...WORKLOAD_KINDS],
  run({ object: o, pod, render, report }) {
    if (!pod || !prodRender(render)) return;
    for (const c of containersRunning(pod, /./)) {
      for (const s of settingsOf(c)) {
        const url = PLAIN_ELASTICSEARCH.exec(s.value)?.[0];
        if (url) report(s.path, `${o.kind} ${o.name}, container ${c.container.name}: ${s.name} reaches Elasticsearch over plain HTTP (${url}); prod's Elasticsearch serves HTTPS: use https:// and its CA`, { container: c.container.name });
      }
    }
  },
});
