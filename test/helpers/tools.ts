// Tests that need an external tool call requireTool first: in CI (CI=true, set by .ci/run) an
// absent tool fails the test; on a laptop the test is skipped with the reason printed.
import type { TestContext } from 'node:test';
import { findTool, INSTALL_HINTS } from '../../scripts/lib/tools.ts';

export const inCI = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

/** Returns the tool's path, or null after marking the test skipped (outside CI only). */
export async function requireTool(t: TestContext, name: string): Promise<string | null> {
  const path = await findTool(name);
  if (path) return path;
  const how = INSTALL_HINTS[name] ?? `install ${name}`;
  if (inCI()) throw new Error(`${name} is required in CI but is not on the PATH (${how})`);
  const reason = `${name} not on the PATH; ${how}`;
  console.log(`# skipped: ${reason}`);
  t.skip(reason);
  return null;
}
