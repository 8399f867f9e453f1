import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isComposeFile } from '../../scripts/validate/checks/compose/select.ts';
import { isLogstashConfig } from '../../scripts/validate/checks/logstash/check.ts';
import { prometheusKind } from '../../scripts/validate/checks/promtool/select.ts';
import type { FileKind, SourceFile } from '../../scripts/validate/types.ts';

const file = (path: string, text = '', kind: FileKind = 'yaml'): SourceFile => ({ path, absPath: `/repo/${path}`, kind, text });

describe('which files each check takes', () => {
  it('takes compose/*.yaml and the conventional compose file names anywhere, and nothing else', () => {
    const taken = ['compose/compose.yaml', 'compose/override.yml', 'docker-compose.yml', 'jobs/docker-compose.dev.yaml', 'compose.yaml', 'x/compose-ci.yml'];
    const left = ['base/kafka/compose-config.json', 'overlays/dev/kustomization.yaml', 'composer.yaml'];
    assert.deepEqual(taken.filter((p) => isComposeFile(file(p))), taken);
    assert.deepEqual(left.filter((p) => isComposeFile(file(p))), []);
  });

  it('tells Prometheus configs, rule files and rule unit tests apart by their top-level keys', () => {
    assert.equal(prometheusKind(file('config/dev/prometheus.yml', 'global:\n  scrape_interval: 15s\n')), 'config');
    assert.equal(prometheusKind(file('config/dev/alert-rules.yml', 'groups:\n  - name: a\n    rules: []\n')), 'rules');
    assert.equal(prometheusKind(file('t.yml', 'rule_files: [a.yml]\ntests: []\n')), 'rule-tests');
  });

  it('takes a Prometheus config by a section only Prometheus has, whatever its name', () => {
    assert.equal(prometheusKind(file('monitoring/server.yaml', 'scrape_configs:\n  - job_name: x\n')), 'config');
    assert.equal(prometheusKind(file('p.yml', 'global: {}\nrule_files: [a.yml]\n')), 'config');
    assert.equal(prometheusKind(file('p.yml', 'alerting:\n  alertmanagers: []\n')), 'config');
  });

  it('takes an Alertmanager config (route and receivers) for amtool, not promtool', () => {
    assert.equal(prometheusKind(file('alertmanager.yml', 'global:\n  resolve_timeout: 5m\nroute:\n  receiver: a\nreceivers:\n  - name: a\n')), 'alertmanager');
  });

  it('leaves a YAML file whose only Prometheus-like key is global alone (a Helm values file)', () => {
    assert.equal(prometheusKind(file('charts/app/values.yaml', 'global:\n  imageRegistry: r.example.com\nreplicaCount: 2\n')), null);
    assert.equal(prometheusKind(file('prometheus.yml', 'global:\n  imageRegistry: r.example.com\n')), null);
  });

  it('leaves Kubernetes objects that happen to have a groups key, and other YAML, alone', () => {
    assert.equal(prometheusKind(file('r.yaml', 'apiVersion: v1\nkind: X\ngroups:\n  - rules: []\n')), null);
    assert.equal(prometheusKind(file('k.yaml', 'resources: [a.yaml]\n')), null);
  });

  it('takes .conf files discovery classified as Logstash, and logstash*.conf by name', () => {
    assert.equal(isLogstashConfig(file('config/dev/logstash.conf', '', 'logstash')), true);
    assert.equal(isLogstashConfig(file('pipelines/logstash-extra.conf', '', 'other')), true);
    assert.equal(isLogstashConfig(file('config/dev/spark-defaults.conf', '', 'properties')), false);
  });
});
