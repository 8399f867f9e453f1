// The Compose check: every compose file against the Compose specification, then the cross-checks.
import { parseLocated } from '../yaml-locate.ts';
import { emptyResult, type Check, type CheckResult } from '../../types.ts';
import { checkComposeReferences, definedNames, type MergedOnto } from './references.ts';
import { isComposeFile, mainComposeFile } from './select.ts';

export const composeCheck: Check = {
  id: 'compose',
  description: 'Compose files against the Compose specification schema, plus service/volume/network/port/mount cross-checks',
  async run(ctx): Promise<CheckResult> {
    const result: CheckResult = emptyResult();
    const files = ctx.files.filter(isComposeFile);
    // ajv and the compiled Compose schema are loaded only when there is a compose file to check.
    if (!files.length) return result;
    const { validateComposeSchema } = await import('./schema.ts');
    const parsed = files.map((file) => {
      const located = parseLocated(file.text);
      // A file that does not parse is reported by the YAML parse step; there is nothing to validate here.
      const data: unknown = located.doc.errors.length ? undefined : located.doc.toJS({ maxAliasCount: 1000 });
      return { file, located, data };
    });
    // A compose.<name>.yaml beside a compose.yaml is merged onto it (`-f compose.yaml -f compose.<name>.yaml`,
    // or compose.override.yaml, merged by default): it may use what the main file defines, and what the
    // other layers beside it define, since they are stacked together (opentelemetry-demo's
    // compose.agent.yaml depends on a service of compose.observability.yaml).
    const layers = new Map<string, MergedOnto[]>();
    for (const { file, data } of parsed) {
      const main = mainComposeFile(files, file);
      if (!main) continue;
      const names = definedNames(file.path, data);
      layers.set(main.path, [...(layers.get(main.path) ?? []), names]);
    }
    const ontoOf = (main: string, file: string): MergedOnto | undefined => {
      const others = (layers.get(main) ?? []).filter((l) => l.file !== file);
      if (!others.length) return undefined;
      const all = (pick: (l: MergedOnto) => readonly string[]): string[] => [...new Set(others.flatMap(pick))];
      return { file: main, services: all((l) => l.services), volumes: all((l) => l.volumes), networks: all((l) => l.networks) };
    };
    for (const { file, located, data } of parsed) {
      if (data === null || data === undefined) continue;
      const main = mainComposeFile(files, file);
      const onto = main && main !== file ? ontoOf(main.path, file.path) : undefined;
      result.findings.push(...validateComposeSchema(file.path, located, data));
      result.findings.push(...checkComposeReferences(file.path, file.absPath, located, data, onto));
    }
    return result;
  },
};
