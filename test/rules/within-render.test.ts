// Rules over the objects of one render (issue 7, part 1).
import { specifyRule } from './waivable.ts';

const fixture = 'within-render';
const file = 'overlays/dev/objects.yaml';

specifyRule({ rule: 'service-selector-no-match', mistake: 'a Service whose selector matches no pod template', fixture, file, line: 8, waive: [{ kind: 'Service', name: 'orphan' }] });
specifyRule({ rule: 'service-target-port', mistake: 'a targetPort no selected container declares', fixture, file, line: 24, waive: [{ kind: 'Service', name: 'web' }] });
specifyRule({ rule: 'statefulset-headless-service', mistake: 'a serviceName naming a Service with a cluster IP', fixture, file, line: 80, waive: [{ kind: 'StatefulSet', name: 'db' }] });
specifyRule({ rule: 'missing-reference', mistake: 'a volume of a ConfigMap the render lacks', fixture, file, line: 61, waive: [{ kind: 'Deployment', name: 'web' }] });
specifyRule({ rule: 'pdb-selector-no-match', mistake: 'a PodDisruptionBudget selecting no pods', fixture, file, line: 120, waive: [{ kind: 'PodDisruptionBudget', name: 'ghost' }] });
specifyRule({ rule: 'networkpolicy-selector-no-match', mistake: 'a NetworkPolicy applying to no pods', fixture, file, line: 130, waive: [{ kind: 'NetworkPolicy', name: 'ghost' }] });
specifyRule({ rule: 'probe-port', mistake: 'a probe on a port its container does not declare', fixture, file, line: 54, waive: [{ kind: 'Deployment', name: 'web' }] });
specifyRule({ rule: 'selector-template-mismatch', mistake: "a Deployment whose selector misses its template's labels", fixture, file, line: 101, waive: [{ kind: 'Deployment', name: 'mismatch' }] });
specifyRule({ rule: 'duplicate-env', mistake: 'an env var set twice in one container', fixture, file, line: 49, waive: [{ kind: 'Deployment', name: 'web' }] });
