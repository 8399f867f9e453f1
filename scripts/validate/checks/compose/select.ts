// Which files are Compose files: the laptop stack under compose/, and the conventional names anywhere.
import { basename, dirname } from 'node:path';
import type { SourceFile } from '../../types.ts';

const COMPOSE_NAME = /^(docker-)?compose([.-][^/]*)?\.ya?ml$/i;

export function isComposeFile(file: SourceFile): boolean {
  if (!/\.ya?ml$/i.test(file.path)) return false;
  return COMPOSE_NAME.test(basename(file.path)) || basename(dirname(file.path)) === 'compose';
}
