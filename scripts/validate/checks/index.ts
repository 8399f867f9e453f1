// The checks for files that are not Kubernetes manifests, one module per kind of file.
// scripts/validate/registry.ts runs these beside the parse, kustomize and Kubernetes-schema checks.
import type { Check } from '../types.ts';
import { driftCheck } from './drift.ts';

export const fileChecks: Check[] = [driftCheck];
