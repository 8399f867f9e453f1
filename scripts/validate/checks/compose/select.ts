// Which files are Compose files: the laptop stack under compose/, and the conventional names anywhere.
import { basename, dirname, posix } from 'node:path';
import type { SourceFile } from '../../types.ts';

const COMPOSE_NAME = /^(docker-)?compose([.-][^/]*)?\.ya?ml$/i;

export function isComposeFile(file: SourceFile): boolean {
  if (!/\.ya?ml$/i.test(file.path)) return false;
  return COMPOSE_NAME.test(basename(file.path)) || basename(dirname(file.path)) === 'compose';
}

/** The names `docker compose` looks for in a directory, in its order of preference. */
const MAIN_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/**
 * The file other compose files of `file`'s directory are merged onto: the one `docker compose` reads
 * by default there (itself, when `file` is it); undefined when the directory has none.
 */
export function mainComposeFile(files: readonly SourceFile[], file: SourceFile): SourceFile | undefined {
  const dir = posix.dirname(file.path);
  for (const name of MAIN_NAMES) {
    const main = files.find((f) => f.path === (dir === '.' ? name : `${dir}/${name}`));
    if (main) return main;
  }
  return undefined;
}
