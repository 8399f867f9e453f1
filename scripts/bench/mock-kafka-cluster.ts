// Starts librdkafka's mock Kafka cluster (a real Kafka wire-protocol broker on loopback) through
// Debian's python3-confluent-kafka, for the integration tests and the benchmark.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter: the python3 first on the PATH may be another one without confluent_kafka. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./mock-kafka-cluster.py', import.meta.url));
export const MOCK_KAFKA_INSTALL_HINT = 'apt-get install -y python3-confluent-kafka';

export interface MockKafkaCluster {
  /** Comma-separated host:port list, the form KAFKA_BROKERS takes. */
  bootstrap: string;
  stop(): Promise<void>;
}

/** Why the mock cluster cannot start here, or null when it can. */
export function mockKafkaUnavailable(): string | null {
  const probe = spawnSync(SYSTEM_PYTHON, ['-c', 'import confluent_kafka'], { encoding: 'utf8' });
  if (probe.error) return `${SYSTEM_PYTHON} is not installed`;
  if (probe.status !== 0) return `${SYSTEM_PYTHON} cannot import confluent_kafka`;
  return null;
}

export async function startMockKafka(brokers = 3, timeoutMs = 15_000): Promise<MockKafkaCluster> {
  const child = spawn(SYSTEM_PYTHON, [SCRIPT, String(brokers)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const bootstrap = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mock Kafka cluster did not start within ${timeoutMs} ms: ${stderr.trim()}`));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mock Kafka cluster exited with ${code} before printing its brokers: ${stderr.trim()}`));
    });
  });
  return { bootstrap, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
