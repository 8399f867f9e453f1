// The Compose check: every compose file against the Compose specification, then the cross-checks.
import { parseLocated } from '../yaml-locate.ts';
import { emptyResult, type Check, type CheckResult } from '../../types.ts';
import { checkComposeReferences } from './references.ts';
import { isComposeFile } from './select.ts';

export const composeCheck: Check = {
  id: 'compose',
  description: 'Compose files against the Compose specification schema, plus service/volume/network/port/mount cross-checks',
  async run(ctx): Promise<CheckResult> {
    const result: CheckResult = emptyResult();
    const files = ctx.files.filter(isComposeFile);
    // ajv and the compiled Compose schema are loaded only when there is a compose file to check.
    if (!files.length) return result;
    const { validateComposeSchema } = await import('./schema.ts');
    for (const file of files) {
      const located = parseLocated(file.text);
      // A file that does not parse is reported by the YAML parse step; there is nothing to validate here.
      if (located.doc.errors.length) continue;
      const data: unknown = located.doc.toJS({ maxAliasCount: 1000 });
      if (data === null || data === undefined) continue;
      result.findings.push(...validateComposeSchema(file.path, located, data));
      result.findings.push(...checkComposeReferences(file.path, file.absPath, located, data));
    }
    return result;
  },
};
