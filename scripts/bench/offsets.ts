// Counts what the brokers accepted without reading it back: the sum of the partitions' end
// offsets (the mock cluster drops old segments but keeps counting offsets).
import { runTool } from '../lib/tools.ts';

export async function endOffsetTotal(kcat: string, brokers: string, topic: string): Promise<number> {
  const metadata = await runTool(kcat, ['-b', brokers, '-L', '-t', topic]);
  const partitions = [...metadata.stdout.matchAll(/partition (\d+),/g)].map((m) => Number(m[1]));
  if (partitions.length === 0) throw new Error(`no partitions for ${topic}: ${metadata.stderr}`);
  const query = await runTool(kcat, ['-b', brokers, '-Q', ...partitions.flatMap((p) => ['-t', `${topic}:${p}:-1`])]);
  return [...query.stdout.matchAll(/offset (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}
