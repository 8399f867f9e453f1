// `npm run validate [paths...] [--root DIR] [--format text|json|github|junit|sarif] [--kube-version X.Y] [--require-all] [--no-cache] [--verbose]`
// Validates every file of a tree (this repository, or the directory named) and prints one report.
// Exit codes: 0 clean (warnings allowed), 1 errors found, 2 usage or environment error
// (bad flag, bad --kube-version, or, under --require-all, a check that could not run).
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { changedPaths } from './validate/changed.ts';
import { loadConfig, UsageError } from './validate/config.ts';
import { validate } from './validate/registry.ts';
import { FORMATS, isFormat } from './validate/report/index.ts';
import { parseKubeVersion } from './validate/kube/version.ts';
import { RULE_IDS } from './validate/rules/index.ts';
import { withRuleFlags } from './validate/rules/settings.ts';

const USAGE = `usage: npm run validate -- [paths...] [--root DIR] [--changed GIT-REF] [--format text|json|github|junit|sarif] [--kube-version X.Y] [--require-all] [--no-cache] [--verbose]
                                 [--enable-rule ID]... [--disable-rule ID]...

  paths            files or directories to validate (default: the whole tree); one directory
                   outside this repository is validated as a tree of its own (same as --root)
  --root DIR       the tree to validate (default: this repository): its validate.config.yaml is
                   used, and cross-checks see only its files
  --changed REF    validate only the files that differ from git REF (committed, staged, unstaged or
                   untracked), plus every kustomization that renders one of them
  --format         report format (default: text)
  --kube-version   Kubernetes version to validate manifests for (default: terraform/variables.tf
                   kubernetes_version, else 1.33)
  --require-all    exit 2 when any check could not run (a tool is missing); CI uses this
  --no-cache       check everything afresh: read nothing earlier runs kept (check verdicts,
                   renders, parsed files, the generator's output, terraform init) and keep nothing
  --verbose        text format: list the consequences folded under each cause (a render that
                   fails because a base does not parse), not only their count
  --enable-rule    turn a rule on everywhere, over validate.config.yaml's rules: section (repeatable)
  --disable-rule   turn a rule off everywhere (repeatable); rule ids are in the README's rule table
  --help           show this help`;

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return !rel.startsWith('..') && !isAbsolute(rel);
};

const isDirectory = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;

/**
 * The tree to validate and the paths within it. Paths are meant relative to where the user typed
 * them (npm runs scripts from the package root and says where it was started in INIT_CWD).
 */
export function resolveTarget(cwd: string, defaultRoot: string, rootFlag: string | undefined, positionals: string[]): { root: string; paths: string[] } {
  const paths = positionals.map((p) => resolve(cwd, p));
  if (rootFlag !== undefined) {
    const root = resolve(cwd, rootFlag);
    if (!isDirectory(root)) throw new UsageError(`--root ${rootFlag}: not a directory`);
    const outside = paths.find((p) => !inside(root, p));
    if (outside) throw new UsageError(`${outside}: is outside --root ${root}`);
    return { root, paths };
  }
  if (paths.length === 1 && !inside(defaultRoot, paths[0]!) && isDirectory(paths[0]!)) return { root: paths[0]!, paths: [] };
  const outside = paths.find((p) => !inside(defaultRoot, p));
  if (outside) throw new UsageError(`${outside}: is outside ${defaultRoot}; to validate another tree, name only its directory or use --root DIR`);
  return { root: defaultRoot, paths };
}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        root: { type: 'string' },
        changed: { type: 'string' },
        format: { type: 'string', default: 'text' },
        'kube-version': { type: 'string' },
        'require-all': { type: 'boolean', default: false },
        'no-cache': { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        'enable-rule': { type: 'string', multiple: true, default: [] },
        'disable-rule': { type: 'string', multiple: true, default: [] },
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
    const cwd = process.env.INIT_CWD ?? process.cwd();
    const target = resolveTarget(cwd, process.cwd(), values.root, positionals);
    const { root } = target;
    let paths = target.paths;
    if (values.changed !== undefined) {
      if (paths.length) throw new UsageError('--changed and paths cannot be combined');
      paths = await changedPaths(root, values.changed);
    }
    const config = withRuleFlags(loadConfig(root), { enable: values['enable-rule'], disable: values['disable-rule'] }, RULE_IDS);
    const report = await validate({ root, config, paths, cwd, onlyPaths: values.changed !== undefined, ...(kubeVersion ? { kubeVersion } : {}), requireAll: values['require-all'], cache: !values['no-cache'] });
    process.stdout.write(FORMATS[values.format](report, { verbose: values.verbose }));
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

process.exitCode = await main(process.argv.slice(2));
