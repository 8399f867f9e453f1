// kafka-authorizer: in prod, the brokers authorize every request (an ACL authorizer, and nothing allowed
// where no ACL is found): without it, every authenticated user may read, write, create and delete every
// topic, and the per-client ACLs the scram-users step writes do nothing (issue 16, item 2).
import { defineRule } from '../rule.ts';
import { containersRunning, envValue, prodRender } from './containers.ts';

const KAFKA = /^(cp-)?kafka$/;
/** Kafka's ACL authorizers: ZooKeeper mode's, and KRaft's. */
const AUTHORIZERS = new Set(['kafka.security.authorizer.AclAuthorizer', 'org.apache.kafka.metadata.authorizer.StandardAuthorizer']);

export default defineRule({
  id: 'kafka-authorizer',
  severity: 'error',
  policy: true,
  description: 'A prod Kafka broker without an ACL authorizer (KAFKA_AUTHORIZER_CLASS_NAME in its env), or with KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND=true.',
  scope: 'object',
  kinds: ['StatefulSet'],
  run({ object: o, pod, render, report }) {
    if (!pod || !prodRender(render)) return;
    for (const c of containersRunning(pod, KAFKA).filter((x) => !x.init)) {
      const name = c.container.name;
      const authorizer = envValue(c, 'KAFKA_AUTHORIZER_CLASS_NAME');
      if (authorizer === undefined || !AUTHORIZERS.has(authorizer)) {
        const at = authorizer === undefined ? [...c.path, 'env'] : [...c.path, 'env', { name: 'KAFKA_AUTHORIZER_CLASS_NAME' }, 'value'];
        report(at, `StatefulSet ${o.name}, container ${name}: ${authorizer === undefined ? 'no KAFKA_AUTHORIZER_CLASS_NAME' : `KAFKA_AUTHORIZER_CLASS_NAME is '${authorizer}'`}, so any authenticated user may do anything; set it to kafka.security.authorizer.AclAuthorizer (with KAFKA_SUPER_USERS for the brokers)`, { container: name });
      }
      if (envValue(c, 'KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND') === 'true') {
        report([...c.path, 'env', { name: 'KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND' }, 'value'], `StatefulSet ${o.name}, container ${name}: KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND=true lets every user at a topic or group no ACL names; remove it (false is Kafka's default)`, { container: name });
      }
    }
  },
});
