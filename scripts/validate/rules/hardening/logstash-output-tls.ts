// logstash-output-tls: the Logstash pipeline half of elasticsearch-output-tls and superuser-client, read
// from the pipeline files a place's Logstash loads: in prod its elasticsearch outputs use https://, and
// in no environment do they log in as the `elastic` superuser (issue 16, item 2).
import { option, strings } from '../logstash.ts';
import { defineRule } from '../rule.ts';
import { logstashPluginsOf, optionAt } from '../layers/pipelines.ts';
import { PLAIN_ELASTICSEARCH } from './elasticsearch-output-tls.ts';

const PROD = ['prod', 'production'];

export default defineRule({
  id: 'logstash-output-tls',
  severity: 'error',
  policy: true,
  description: "A Logstash elasticsearch output over http:// in prod, or one logging in as the elastic superuser.",
  scope: 'place',
  run({ place, report }) {
    for (const out of logstashPluginsOf(place, 'output', 'elasticsearch')) {
      const who = `Logstash's elasticsearch output (${out.config.key})`;
      const plain = strings(option(out.plugin, 'hosts')?.value).find((h) => PLAIN_ELASTICSEARCH.test(h));
      if (plain && PROD.includes(place.env)) {
        report(optionAt(out, 'hosts'), `${who} sends to ${plain} over plain HTTP in ${place.env}; use https:// with ssl_certificate_authorities`, out.config.scope);
      }
      if (strings(option(out.plugin, 'user')?.value)[0] === 'elastic') {
        report(optionAt(out, 'user'), `${who} logs in as the elastic superuser; use the least-privileged logstash_writer user`, out.config.scope);
      }
    }
  },
});
