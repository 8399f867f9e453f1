// prometheus-target-unresolved: every scrape target names a Service (or compose service) and port
// that exists where Prometheus runs (a changed Service port is one finding at the Service:
// layers/service-port.ts).
import { parseAddress } from '../resolve.ts';
import { defineRule } from '../rule.ts';
import { yamlOf, type ConfigText } from './place.ts';
import { reportPortChanges, type AddressUse } from './service-port.ts';

interface Target {
  raw: string;
  host: string;
  port: number | undefined;
  job: string;
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function targetsOf(config: unknown): Target[] {
  const out: Target[] = [];
  for (const sc of list(rec(config).scrape_configs)) {
    const job = String(rec(sc).job_name ?? '?');
    for (const st of list(rec(sc).static_configs)) {
      for (const t of list(rec(st).targets)) {
        if (typeof t !== 'string') continue;
        const addr = parseAddress(t);
        out.push({ raw: t, host: addr?.host ?? t, port: addr && /:\d+$/.test(t) ? addr.port : undefined, job });
      }
    }
    for (const dns of list(rec(sc).dns_sd_configs)) {
      const d = rec(dns);
      const type = String(d.type ?? 'SRV').toUpperCase();
      // SRV records carry their own port; only A/AAAA names plus `port` are checkable here.
      if (type !== 'A' && type !== 'AAAA') continue;
      for (const name of list(d.names)) {
        if (typeof name === 'string') out.push({ raw: name, host: name, port: typeof d.port === 'number' ? d.port : undefined, job });
      }
    }
  }
  return out;
}

export default defineRule({
  id: 'prometheus-target-unresolved',
  severity: 'error',
  description: 'A Prometheus target does not resolve to a Service and port in the render, or to a compose service and port.',
  scope: 'place',
  run(input) {
    const { place, report } = input;
    const configs: ConfigText[] = place.configs('prometheus').filter((c) => rec(yamlOf(c)).scrape_configs !== undefined);
    const uses: (AddressUse & { target: Target; port: number })[] = [];
    for (const c of configs) {
      const client = c.client;
      if (!client) continue;
      for (const t of targetsOf(yamlOf(c))) {
        const at = () => c.at(t.raw);
        if (t.port === undefined) report(at(), `job ${t.job}: target ${t.raw} has no port; write host:port so it can be resolved`, c.scope);
        else uses.push({ client, raw: `${t.host}:${t.port}`, at, scope: c.scope, who: `job ${t.job}`, target: t, port: t.port });
      }
    }
    const linksOf = reportPortChanges(input, 'prometheus-target-unresolved', uses);
    for (const u of uses) {
      const r = place.resolve({ host: u.target.host, port: u.port }, u.client);
      if (!r.ok) report(u.at(), `job ${u.target.job}: target ${u.target.raw} in ${place.label}: ${r.describe}`, u.scope, linksOf(u));
    }
  },
});
