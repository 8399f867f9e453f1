// statefulset-headless-service: a StatefulSet's pods get stable DNS names from a headless Service.
import { asRecord } from '../kube.ts';
import { defineRule } from '../rule.ts';

export default defineRule({
  id: 'statefulset-headless-service',
  severity: 'error',
  description: "A StatefulSet's serviceName does not name a headless Service (clusterIP: None) in the render.",
  scope: 'rendered-object',
  kinds: ['StatefulSet'],
  run({ object: o, render, report }) {
    const serviceName = asRecord(o.body.spec)?.serviceName;
    if (typeof serviceName !== 'string' || serviceName === '') return;
    const svc = render.find('Service', serviceName, o.namespace);
    if (!svc) {
      report(['spec', 'serviceName'], `StatefulSet ${o.name} names serviceName "${serviceName}", but the render has no Service of that name`);
    } else if (asRecord(svc.body.spec)?.clusterIP !== 'None') {
      report(['spec', 'serviceName'], `StatefulSet ${o.name} names serviceName "${serviceName}", which is not headless; set clusterIP: None on that Service`, { also: [svc] });
    }
  },
});
