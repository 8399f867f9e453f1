// `npm run bench [-- producer|validate] [options]`: the repository's benchmarks; prints figures.
//   producer  throughput (1,000,000 records vs kcat on the same records) and pacing (--rate 10000
//             for 30 s: achieved rate and CPU) against librdkafka's mock Kafka cluster
//             options: --count N --workers W --batch-size B --max-in-flight F --pace-seconds S
//                      --pace-rate R --skip-pacing
//   validate  `npm run validate` over 10,000 generated objects (scripts/bench/validate.ts); --runs N
// With no name, both run. Each benchmark prints its figures and returns its targets as data
// (scripts/bench/outcome.ts); this script prints the summary and decides the exit code:
// 0 every target met, 1 a target missed or a run failed, 2 a usage error or a benchmark that could
// not run here.
import { parseArgsWithNegatives } from '../jobs/src/shared/parse-args.ts';
import { benchExitCode, summaryLines, type BenchOutcome } from './bench/outcome.ts';
import { PRODUCER_BENCH_DEFAULTS, runProducerBench } from './bench/producer.ts';
import { runValidateBench } from './bench/validate.ts';

const usage = (message: string): never => {
  process.stderr.write(`bench: ${message}\nusage: npm run bench [-- producer|validate] [--count N] [--workers W] [--batch-size B] [--max-in-flight F] [--pace-seconds S] [--pace-rate R] [--skip-pacing] [--runs N]\n`);
  process.exit(2);
};

const parse = () => {
  try {
    return parseArgsWithNegatives({
      allowPositionals: true,
      options: {
        count: { type: 'string' },
        workers: { type: 'string' },
        'batch-size': { type: 'string' },
        'max-in-flight': { type: 'string' },
        'pace-seconds': { type: 'string' },
        'pace-rate': { type: 'string' },
        'skip-pacing': { type: 'boolean', default: false },
        runs: { type: 'string', default: '3' },
      },
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
};
const { values, positionals } = parse();
const known = ['producer', 'validate'];
const unknown = positionals.filter((name) => !known.includes(name));
if (unknown.length > 0) usage(`unknown benchmark ${unknown.join(', ')}; choose from ${known.join(', ')}`);
const selected = positionals.length > 0 ? positionals : known;
const number = (text: string | undefined, fallback: number): number => {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) usage(`expected a positive whole number, got "${text}"`);
  return n;
};

// Every option is checked before anything runs: a typo must not cost a minute of benchmarking.
const producerOptions = {
  count: number(values.count, PRODUCER_BENCH_DEFAULTS.count),
  workers: number(values.workers, PRODUCER_BENCH_DEFAULTS.workers),
  batchSize: number(values['batch-size'], PRODUCER_BENCH_DEFAULTS.batchSize),
  maxInFlight: number(values['max-in-flight'], PRODUCER_BENCH_DEFAULTS.maxInFlight),
  paceSeconds: number(values['pace-seconds'], PRODUCER_BENCH_DEFAULTS.paceSeconds),
  paceRate: number(values['pace-rate'], PRODUCER_BENCH_DEFAULTS.paceRate),
  skipPacing: values['skip-pacing'] === true,
};
const validateOptions = { runs: number(values.runs, 3) };

const outcomes: BenchOutcome[] = [];
if (selected.includes('producer')) {
  outcomes.push(await runProducerBench(producerOptions));
  process.stdout.write('\n');
}
if (selected.includes('validate')) {
  outcomes.push(await runValidateBench(validateOptions));
  process.stdout.write('\n');
}
process.stdout.write(`${summaryLines(outcomes).join('\n')}\n`);
process.exitCode = benchExitCode(outcomes);
