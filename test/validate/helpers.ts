// Runs the validator over a fixture directory (as if it were a repository root), either in-process
// or through the CLI, so tests can assert findings and exit codes.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubernetesSchemaCheck } from '../../scripts/validate/kube/check.ts';
import { validate, type ValidationReport } from '../../scripts/validate/registry.ts';
import type { Finding } from '../../scripts/validate/types.ts';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(REPO, 'test', 'fixtures', 'validate');

/** Validates a fixture directory with only this pipeline's own checks (parse, kustomize, schemas), not the cross-checks. */
export function validateFixture(name: string, opts: { paths?: string[]; kubeVersion?: string } = {}): Promise<ValidationReport> {
  return validate({
    root: join(FIXTURES, name),
    paths: opts.paths ?? [],
    fileChecks: [],
    objectChecks: [kubernetesSchemaCheck],
    ...(opts.kubeVersion ? { kubeVersion: opts.kubeVersion } : {}),
  });
}

/** The findings of one rule, as `file:line` plus the message, for compact assertions. */
export function findingsOf(report: ValidationReport, rule: string): Finding[] {
  return report.findings.filter((f) => f.rule === rule);
}

export const at = (f: Finding): string => `${f.file}:${f.line}:${f.column}`;

/** Runs the validator as `npm run validate` does, with `cwd` as the repository root. */
export { type CliRun, runValidateCli as runCli } from '../helpers/validate-cli.ts';
