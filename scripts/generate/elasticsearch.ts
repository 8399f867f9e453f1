// config/<env>/elasticsearch.yml: a single node in dev; in prod a 3-node cluster with security on, TLS on
// both the transport and the HTTP layer (certificates from Secret elasticsearch-certs), and shard copies
// spread over availability zones (node.attr.zone, which the pod's start script reads from its node).
import { elasticsearchCertsDir, services, type Environment } from '../environments.ts';
import { yamlFile } from './header.ts';

/** Pod names of the prod StatefulSet `elasticsearch`, the first master-eligible nodes of a new cluster. */
export const initialMasterNodes = (env: Environment): string[] =>
  Array.from({ length: env.elasticsearch.nodes }, (_v, i) => `${services.elasticsearch.host}-${i}`);

export function renderElasticsearchYml(env: Environment): string {
  const es = env.elasticsearch;
  if (es.nodes === 1) {
    return yamlFile({
      'cluster.name': es.clusterName,
      'discovery.type': 'single-node',
      'network.host': '0.0.0.0',
      'xpack.security.enabled': es.security,
    });
  }
  return yamlFile({
    'cluster.name': es.clusterName,
    // Elasticsearch substitutes environment variables; HOSTNAME is the pod name (elasticsearch-0, …).
    'node.name': '${HOSTNAME}',
    'path.data': '/usr/share/elasticsearch/data',
    'path.logs': '/usr/share/elasticsearch/logs',
    'network.host': '0.0.0.0',
    'http.port': services.elasticsearch.port,
    'transport.port': services.elasticsearch.transportPort,
    'discovery.seed_hosts': [services.elasticsearch.headless],
    // No cluster.initial_master_nodes here: it must only apply to the first formation. The pod's start
    // script passes it on the command line while the node's data directory holds no cluster state.
    // The zone of the node the pod runs on (exported by the start script); a primary and its replica
    // are never allocated to the same zone.
    'node.attr.zone': '${NODE_ZONE}',
    'cluster.routing.allocation.awareness.attributes': 'zone',
    'xpack.security.enabled': es.security,
    'xpack.security.http.ssl.enabled': es.security,
    'xpack.security.http.ssl.key': `${elasticsearchCertsDir}/tls.key`,
    'xpack.security.http.ssl.certificate': `${elasticsearchCertsDir}/tls.crt`,
    'xpack.security.http.ssl.certificate_authorities': [`${elasticsearchCertsDir}/ca.crt`],
    'xpack.security.transport.ssl.enabled': true,
    'xpack.security.transport.ssl.verification_mode': 'certificate',
    'xpack.security.transport.ssl.key': `${elasticsearchCertsDir}/tls.key`,
    'xpack.security.transport.ssl.certificate': `${elasticsearchCertsDir}/tls.crt`,
    'xpack.security.transport.ssl.certificate_authorities': [`${elasticsearchCertsDir}/ca.crt`],
  });
}
