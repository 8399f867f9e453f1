// Prometheus, the Alertmanager Services and the Alertmanager StatefulSet agree, per environment: the address
// Prometheus sends alerts to is a headless Service that selects the Alertmanager pods on their web port; the
// config Alertmanager loads is the generated one; every secret file it reads lies in the receivers Secret's
// mount; prod's gossip peers are exactly its replicas on the cluster port. The validator's cross-checks are
// being restructured; this is written as a test over the rendered overlays and the compose stack until it
// becomes a rule (see docs/alerting.md, "The agreement check").
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Container, Service, Volume } from 'kubernetes-types/core/v1.js';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1.js';
import { parse } from 'yaml';
import { alertmanagerSecret, environments, local, services } from '../../scripts/environments.ts';
import { ENVS, find, overlay, podSpec, podTemplate, repoRoot, replicas, type Obj } from './render.ts';

interface DnsSd {
  names: string[];
  port: number;
}

const prometheusConfig = (env: string): { alerting: { alertmanagers: { dns_sd_configs?: DnsSd[] }[] }; scrape_configs: { job_name: string; dns_sd_configs?: DnsSd[] }[] } =>
  parse(readFileSync(join(repoRoot, 'config', env, 'prometheus.yml'), 'utf8'));

const amConfigText = (env: string): string => readFileSync(join(repoRoot, 'config', env, 'alertmanager.yml'), 'utf8');

/** Every `*_file` setting's path in an Alertmanager config. */
function secretFiles(config: unknown): string[] {
  if (Array.isArray(config)) return config.flatMap(secretFiles);
  if (config === null || typeof config !== 'object') return [];
  return Object.entries(config).flatMap(([k, v]) => (k.endsWith('_file') && typeof v === 'string' ? [v] : secretFiles(v)));
}

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

const amContainer = (sts: Obj): Container => {
  const c = podSpec(sts).containers.find((x) => x.name === 'alertmanager');
  assert.ok(c, 'the StatefulSet has an alertmanager container');
  return c;
};

const flag = (c: Container, name: string): string[] =>
  (c.args ?? []).filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));

for (const env of ENVS) {
  test(`${env}: Prometheus sends alerts to a headless Service that selects the Alertmanager pods on their web port`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const sts = find(objects, 'StatefulSet', 'alertmanager');
    const targets = prometheusConfig(env).alerting.alertmanagers.flatMap((a) => a.dns_sd_configs ?? []);
    assert.ok(targets.length > 0, 'prometheus.yml has an alerting block with dns_sd_configs');
    for (const target of targets) {
      for (const name of target.names) {
        const svc = find(objects, 'Service', name) as unknown as Service & Obj;
        assert.equal(svc.spec?.clusterIP, 'None', `${name} must be headless so Prometheus reaches every replica`);
        assert.ok(selects(svc.spec?.selector, podTemplate(sts).metadata?.labels), `Service ${name} selects the alertmanager pods`);
        const port = svc.spec?.ports?.find((p) => p.port === target.port && (p.protocol ?? 'TCP') === 'TCP');
        assert.ok(port, `Service ${name} has port ${target.port}`);
        const containerPort = amContainer(sts).ports?.find((p) => p.name === port.targetPort || p.containerPort === port.targetPort);
        assert.equal(containerPort?.containerPort, target.port, `${name}:${target.port} reaches the container's web port`);
        assert.ok(flag(amContainer(sts), 'web.listen-address').some((a) => a.endsWith(`:${target.port}`)), 'Alertmanager listens there');
      }
    }
    const scrape = prometheusConfig(env).scrape_configs.find((j) => j.job_name === 'alertmanager');
    assert.deepEqual(scrape?.dns_sd_configs?.map((d) => [d.names, d.port]), targets.map((d) => [d.names, d.port]), 'Prometheus scrapes what it alerts to');
  });

  test(`${env}: Alertmanager loads the generated alertmanager.yml and finds every secret file in the receivers Secret`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const sts = find(objects, 'StatefulSet', 'alertmanager');
    const c = amContainer(sts);
    const volumes: Volume[] = podSpec(sts).volumes ?? [];
    const [configFile] = flag(c, 'config.file');
    assert.ok(configFile);
    const configMount = c.volumeMounts?.find((m) => configFile.startsWith(`${m.mountPath}/`));
    const configVolume = volumes.find((v) => v.name === configMount?.name);
    const configMap = find(objects, 'ConfigMap', configVolume?.configMap?.name ?? '(none)');
    assert.equal(configMap.data?.[configFile.slice(configMount!.mountPath.length + 1)], amConfigText(env), 'the mounted config is config/<env>/alertmanager.yml');

    const secretMount = c.volumeMounts?.find((m) => m.mountPath === alertmanagerSecret.mountPath);
    const secretVolume = volumes.find((v) => v.name === secretMount?.name);
    assert.equal(secretVolume?.secret?.secretName, alertmanagerSecret.name);
    assert.equal(secretVolume?.secret?.optional, environments[env].tier === 'development', 'optional in development-tier environments only');
    const files = secretFiles(parse(amConfigText(env)));
    assert.ok(files.length > 0);
    for (const f of files) assert.ok(f.startsWith(`${alertmanagerSecret.mountPath}/`), `${f} is read from the receivers Secret`);
  });

  test(`${env}: replicas and gossip peers follow scripts/environments.ts`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const sts = find(objects, 'StatefulSet', 'alertmanager');
    const want = environments[env].alertmanager.replicas;
    assert.equal(replicas(sts), want);
    const c = amContainer(sts);
    const governing = (sts.spec as { serviceName: string }).serviceName;
    assert.equal(governing, services.alertmanager.headless);
    if (want === 1) {
      assert.deepEqual(flag(c, 'cluster.listen-address'), [''], 'a single replica runs no gossip cluster');
      return;
    }
    const port = services.alertmanager.clusterPort;
    assert.deepEqual(flag(c, 'cluster.listen-address'), [`0.0.0.0:${port}`]);
    assert.deepEqual(flag(c, 'cluster.peer'), Array.from({ length: want }, (_, i) => `alertmanager-${i}.${governing}:${port}`));
    const svc = find(objects, 'Service', governing) as unknown as Service & Obj;
    assert.equal(svc.spec?.publishNotReadyAddresses, true, 'peers find each other before they are ready');
    for (const protocol of ['TCP', 'UDP']) {
      assert.ok(svc.spec?.ports?.some((p) => p.port === port && (p.protocol ?? 'TCP') === protocol), `${governing} has ${port}/${protocol}`);
      assert.ok(c.ports?.some((p) => p.containerPort === port && (p.protocol ?? 'TCP') === protocol), `the container has ${port}/${protocol}`);
    }
  });

  test(`${env}: NetworkPolicies let Prometheus reach Alertmanager on 9093 and the replicas gossip on 9094`, async (t) => {
    const objects = await overlay(t, env);
    if (!objects) return;
    const policy = (name: string): NetworkPolicy => find(objects, 'NetworkPolicy', name) as unknown as NetworkPolicy;
    const peers = (rules: { from?: unknown[]; to?: unknown[]; ports?: { port?: number | string; protocol?: string }[] }[] | undefined, side: 'from' | 'to', app: string): string[] =>
      (rules ?? [])
        .filter((r) => ((r[side] ?? []) as { podSelector?: { matchLabels?: Record<string, string> } }[]).some((p) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'] === app))
        .flatMap((r) => (r.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`));
    const am = policy('alertmanager').spec;
    const prom = policy('prometheus').spec;
    const web = `${services.alertmanager.port}/TCP`;
    assert.ok(peers(prom?.egress, 'to', 'alertmanager').includes(web), 'Prometheus may send to Alertmanager');
    assert.ok(peers(am?.ingress, 'from', 'prometheus').includes(web), 'Alertmanager accepts Prometheus');
    for (const p of ['TCP', 'UDP'].map((x) => `${services.alertmanager.clusterPort}/${x}`)) {
      assert.ok(peers(am?.ingress, 'from', 'alertmanager').includes(p), `replicas accept gossip on ${p}`);
      assert.ok(peers(am?.egress, 'to', 'alertmanager').includes(p), `replicas send gossip on ${p}`);
    }
  });
}

test("compose: Alertmanager answers to the name Prometheus sends to, loads its environment's alertmanager.yml, and gets every secret file", () => {
  const compose = parse(readFileSync(join(repoRoot, 'compose', 'compose.yaml'), 'utf8')) as {
    services: Record<string, { command?: string[]; volumes?: string[]; networks?: Record<string, { aliases?: string[] }>; secrets?: { target: string }[] }>;
  };
  const am = compose.services.alertmanager;
  assert.ok(am, 'the stack has an alertmanager service');
  const names = prometheusConfig(local.configEnv).alerting.alertmanagers.flatMap((a) => a.dns_sd_configs ?? []).flatMap((d) => d.names);
  for (const name of names) assert.ok(name === 'alertmanager' || am.networks?.default?.aliases?.includes(name), `${name} resolves to the alertmanager service`);
  const configFile = am.command?.find((a) => a.startsWith('--config.file='))?.slice('--config.file='.length);
  assert.ok(am.volumes?.includes(`../config/${local.configEnv}/alertmanager.yml:${configFile}:ro`), 'the generated config is mounted where Alertmanager reads it');
  const targets = (am.secrets ?? []).map((s) => s.target).sort();
  assert.deepEqual(targets, [...new Set(secretFiles(parse(amConfigText(local.configEnv))))].sort(), 'every *_file comes from a compose secret');
});
