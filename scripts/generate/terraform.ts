// terraform/environments.tf: the names of the environments, so that terraform's `environment` variable accepts
// exactly the environments of scripts/environments.ts (each with its terraform/environments/<name>/ files) and no
// list of names is kept by hand in HCL. Locals only: no resource address depends on it.
import { hashHeader } from './header.ts';

export const TERRAFORM_ENVIRONMENTS_FILE = 'terraform/environments.tf';

/** HCL in `terraform fmt`'s layout (`terraform fmt -check` runs on it). */
export function renderTerraformEnvironments(names: readonly string[]): string {
  return [
    hashHeader().trimEnd(),
    '# The environments of the platform; var.environment must name one of them (variables.tf).',
    'locals {',
    `  environments = [${names.map((n) => JSON.stringify(n)).join(', ')}]`,
    '}',
    '',
  ].join('\n');
}
