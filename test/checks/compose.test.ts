import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeCheck } from '../../scripts/validate/checks/compose/index.ts';
import type { Finding } from '../../scripts/validate/types.ts';
import { fixtureContext } from './context.ts';

const FILE = 'compose/docker-compose.yml';
const at = (findings: Finding[], rule: string): Finding[] => findings.filter((f) => f.rule === rule);

describe('compose check', () => {
  it('passes a compose file that follows the specification and whose references resolve', async () => {
    const result = await composeCheck.run(fixtureContext('compose/clean'));
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.skipped, []);
  });

  describe('on a compose file with mistakes', async () => {
    const { findings } = await composeCheck.run(fixtureContext('compose/mistakes'));

    it('reports a key the specification does not define at its line, with a suggestion', () => {
      const [f] = at(findings, 'compose-schema');
      assert.equal(f?.file, FILE);
      assert.equal(f?.line, 4);
      assert.match(f?.message ?? '', /unknown key "imagePullPolicy" in services\.kafka/);
    });

    it('reports depends_on naming an undefined service', () => {
      const [f] = at(findings, 'compose-undefined-service');
      assert.equal(f?.line, 9);
      assert.match(f?.message ?? '', /undefined service "kafak" \(did you mean "kafka"\?\)/);
    });

    it('reports two services publishing the same host port, at the second', () => {
      const [f] = at(findings, 'compose-port-clash');
      assert.equal(f?.line, 11);
      assert.match(f?.message ?? '', /9092\/tcp, which service "kafka" already publishes/);
    });

    it('reports a bind mount whose host path does not exist', () => {
      const [f] = at(findings, 'compose-missing-mount');
      assert.equal(f?.line, 13);
      assert.match(f?.message ?? '', /"\.\/missing\/logstash\.conf"/);
    });

    it('reports a Dockerfile and an env_file that do not exist', () => {
      assert.deepEqual(at(findings, 'compose-missing-path').map((f) => [f.line, f.message.match(/"([^"]+)", which/)?.[1]]), [
        [19, 'jobs/Dockerfile'],
        [20, 'producer.env'],
      ]);
    });

    it('reports a named volume and a network that are not declared', () => {
      assert.equal(at(findings, 'compose-undefined-volume')[0]?.line, 14);
      assert.equal(at(findings, 'compose-undefined-network')[0]?.line, 15);
    });
  });
});
