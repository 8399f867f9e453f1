// `npm run validate [paths...] [--format text|json|github|junit|sarif] [--kube-version X.Y] [--require-all]`
// Validates every file of the repository (or the given paths) and prints one report.
// Exit codes: 0 clean (warnings allowed), 1 errors found, 2 usage or environment error
// (bad flag, bad --kube-version, or, under --require-all, a check that could not run).
import { parseArgs } from 'node:util';
import { UsageError } from './validate/config.ts';
import { validate } from './validate/registry.ts';
import { FORMATS, isFormat } from './validate/report/index.ts';
import { parseKubeVersion } from './validate/kube/version.ts';

const USAGE = `usage: npm run validate -- [paths...] [--format text|json|github|junit|sarif] [--kube-version X.Y] [--require-all]

  paths            files or directories to validate (default: the whole repository)
  --format         report format (default: text)
  --kube-version   Kubernetes version to validate manifests for (default: terraform/variables.tf
                   kubernetes_version, else 1.33)
  --require-all    exit 2 when any check could not run (a tool is missing); CI uses this
  --help           show this help`;

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', default: 'text' },
        'kube-version': { type: 'string' },
        'require-all': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`validate: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    if (!isFormat(values.format)) throw new UsageError(`--format ${JSON.stringify(values.format)} is not one of ${Object.keys(FORMATS).join(', ')}`);
    const kubeVersion = values['kube-version'] === undefined ? undefined : parseKubeVersion(values['kube-version']);
    const report = await validate({
      root: process.cwd(),
      paths: positionals,
      // npm runs scripts from the package root; paths are meant relative to where the user typed them.
      cwd: process.env.INIT_CWD ?? process.cwd(),
      ...(kubeVersion ? { kubeVersion } : {}),
      requireAll: values['require-all'],
    });
    process.stdout.write(FORMATS[values.format](report));
    if (values['require-all'] && report.skipped.length) {
      process.stderr.write(`validate: --require-all: ${report.skipped.map((s) => s.check).join(', ')} did not run (see above for how to fix)\n`);
      return 2;
    }
    return report.findings.some((f) => f.severity === 'error') ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`validate: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

// Not a top-level await: the prebuilt validator is a CommonJS script (scripts/validate/build.ts).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
