// Pods stay pods (issue 16, item 3), read straight from the Terraform files so that a failure names the
// file and line: no launch template lets a pod reach IMDS, and the nodes set Elasticsearch's sysctl.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { terraformSource } from './terraform-workdir.ts';

/** `file:line` and the value of every `name = value` attribute in terraform/*.tf. */
function attributes(name: string): { at: string; value: string }[] {
  const found: { at: string; value: string }[] = [];
  for (const file of readdirSync(terraformSource).filter((f) => f.endsWith('.tf'))) {
    readFileSync(join(terraformSource, file), 'utf8').split('\n').forEach((line, i) => {
      const m = new RegExp(`^\\s*${name}\\s*=\\s*(\\S+)`).exec(line);
      if (m?.[1]) found.push({ at: `terraform/${file}:${i + 1}`, value: m[1] });
    });
  }
  return found;
}

test('every launch template limits IMDS to one hop, so no pod gets the node role', () => {
  const limits = attributes('http_put_response_hop_limit');
  assert.ok(limits.length > 0, 'a launch template sets http_put_response_hop_limit (the AWS default for EKS nodes is 2)');
  for (const { at, value } of limits) assert.equal(value, '1', `${at}: hop limit ${value} lets pods reach the instance metadata service`);
});

test("the nodes' user data raises vm.max_map_count, so Elasticsearch needs no privileged init container", () => {
  const nodes = readFileSync(join(terraformSource, 'nodes.tf'), 'utf8');
  assert.match(nodes, /vm\.max_map_count = 262144/);
  assert.ok(attributes('user_data').length > 0, 'the launch template passes user_data');
});
