// Entry point of `npm run producer`. The same file is the sender threads' entry, so the bundled
// image needs one file per job.
import { isMainThread, workerData } from 'node:worker_threads';
import { ConfigError, HelpRequested, parseProducerConfig } from './config.ts';
import { EXIT_ENVIRONMENT, runProducer } from './coordinator.ts';
import { runSenderThread } from './sender-thread.ts';
import type { WorkerAssignment } from './worker-protocol.ts';

async function main(): Promise<number> {
  try {
    const config = parseProducerConfig(process.argv.slice(2), process.env);
    return await runProducer(config, new URL(import.meta.url));
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${error.message}\n`);
      return 0;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`producer: invalid settings:\n${error.problems.map((p) => `  ${p}`).join('\n')}\n`);
      return EXIT_ENVIRONMENT;
    }
    throw error;
  }
}

if (isMainThread) {
  process.exitCode = await main();
} else {
  await runSenderThread(workerData as WorkerAssignment);
}
