// Turns "this field of this rendered object" (or of a compose file, or a value in a config file)
// into a line of the file it was written in. Object fields are located by the pipeline's
// SourceIndex, the same way the schema check locates them, from the files it parsed once.
import { SourceIndex } from '../sources.ts';
import type { KubeObject, ObjectContext, SourceLocation, Sources } from '../types.ts';
import type { FieldPath } from './kube.ts';

/** The run's parsed sources, or an index over a context built by hand. */
export const sourcesOf = (ctx: ObjectContext): Sources => ctx.sources ?? SourceIndex.forContext(ctx);

export class Locator {
  constructor(readonly sources: Sources) {}

  /** The object's source, refined to the line of `path`: in a patch that set it, else the object's own document. */
  field(o: KubeObject, path: FieldPath): SourceLocation {
    return this.sources.locateObjectField(o, path);
  }

  /** A field of a plain YAML file (compose, config files), found by path from the first document. */
  inFile(file: string, path: FieldPath, docIndex = 0): SourceLocation {
    return this.sources.locateInFile(file, path, docIndex);
  }

  /** The first occurrence of `needle` in a text file (a config whose value is wrong), else line 1. */
  text(file: string, needle: string, after = 0): SourceLocation {
    const text = this.sources.text(file) ?? '';
    const at = needle ? text.indexOf(needle, after) : -1;
    if (at < 0) return { file, line: 1, column: 1 };
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    return { file, line, column: at - before.lastIndexOf('\n') };
  }
}
