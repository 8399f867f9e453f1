// The brokers' TLS material for loopback, made at test time the way clusters/README.md ("Kafka
// certificates") tells an operator to make Secret kafka-tls: a CA of one's own, one certificate it
// signed for every broker, and a PKCS12 keystore whose key shares the store's password. Only the names
// differ: loopback's 127.0.0.1 and localhost instead of the Services' DNS names (clients verify them).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../lib/tools.ts';

export interface KafkaTlsMaterial {
  dir: string;
  /** Secret kafka-tls's keys, as the prod overlay mounts them. */
  secret: { 'kafka.keystore.p12': Buffer; 'keystore-password': string; 'ca.crt': string };
  /** The CA certificate's file, for clients (kcat's ssl.ca.location, the producer's KAFKA_TLS_CA). */
  caFile: string;
}

async function openssl(dir: string, args: readonly string[]): Promise<void> {
  const run = await runTool('openssl', args, { cwd: dir, timeoutMs: 60_000 });
  if (run.exitCode !== 0) throw new Error(`openssl ${args[0]} failed in ${dir} (exit ${run.exitCode}): ${run.stderr.trim()}`);
}

/** Writes CA, broker certificate and keystore into `dir` (created private) and returns them. */
export async function makeKafkaTls(dir: string): Promise<KafkaTlsMaterial> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Two days: long enough for any test run, short enough that a leaked file is worthless soon.
  await openssl(dir, ['req', '-x509', '-new', '-nodes', '-newkey', 'rsa:2048', '-keyout', 'ca.key', '-subj', '/CN=platform-test-kafka-ca', '-days', '2', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'ca.crt']);
  await openssl(dir, ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'kafka.key', '-subj', '/CN=kafka', '-out', 'kafka.csr', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']);
  await openssl(dir, ['x509', '-req', '-in', 'kafka.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-copy_extensions', 'copy', '-out', 'kafka.crt']);
  await openssl(dir, ['rand', '-hex', '-out', 'keystore-password', '24']);
  await openssl(dir, ['pkcs12', '-export', '-inkey', 'kafka.key', '-in', 'kafka.crt', '-certfile', 'ca.crt', '-name', 'kafka', '-passout', 'file:keystore-password', '-out', 'kafka.keystore.p12']);
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    secret: {
      'kafka.keystore.p12': await readFile(join(dir, 'kafka.keystore.p12')),
      'keystore-password': await readFile(join(dir, 'keystore-password'), 'utf8'),
      'ca.crt': await readFile(join(dir, 'ca.crt'), 'utf8'),
    },
  };
}
