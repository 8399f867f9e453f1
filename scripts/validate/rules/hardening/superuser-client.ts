// superuser-client: a long-running client (Logstash, Kibana, the exporter) logs in as a user limited to
// what it does, never as the `elastic` superuser: its credentials sit in every replica's environment
// (issue 16, item 2). Only the set-up Job, which creates those users, may use `elastic`.
import { defineRule } from '../rule.ts';
import { containersRunning, settingsOf } from './containers.ts';

const USER_VARIABLE = /(^|_)USER(NAME)?$/i;
const SUPERUSER = 'elastic';

export default defineRule({
  id: 'superuser-client',
  severity: 'error',
  policy: true,
  description: 'A Deployment, StatefulSet or DaemonSet logs in to Elasticsearch as the elastic superuser (a *USER / *USERNAME env value).',
  scope: 'object',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  run({ object: o, pod, report }) {
    if (!pod) return;
    for (const c of containersRunning(pod, /./)) {
      for (const s of settingsOf(c)) {
        if (s.path.includes('env') && USER_VARIABLE.test(s.name) && s.value === SUPERUSER) {
          report(s.path, `${o.kind} ${o.name}, container ${c.container.name}: ${s.name} is the ${SUPERUSER} superuser; give the client its own least-privileged user (created by the elasticsearch-setup Job)`, { container: c.container.name });
        }
      }
    }
  },
});
