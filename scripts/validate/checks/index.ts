// The checks for files that are not Kubernetes manifests, one module per kind of file.
// scripts/validate/registry.ts runs these beside the parse, kustomize and Kubernetes-schema checks.
import type { Check } from '../types.ts';
import { actionlintCheck } from './actionlint.ts';
import { alertmanagerCheck } from './alertmanager.ts';
import { composeCheck } from './compose/index.ts';
import { driftCheck } from './drift.ts';
import { logstashCheck } from './logstash/check.ts';
import { promtoolCheck } from './promtool/index.ts';
import { shellcheckCheck } from './shellcheck.ts';
import { terraformCheck } from './terraform/index.ts';

export const fileChecks: Check[] = [
  composeCheck,
  promtoolCheck,
  alertmanagerCheck,
  terraformCheck,
  actionlintCheck,
  shellcheckCheck,
  logstashCheck,
  driftCheck,
];
