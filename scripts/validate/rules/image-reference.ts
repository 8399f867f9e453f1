// The image reference grammar of distribution/reference (what the container runtime accepts):
//   reference   := name [ ":" tag ] [ "@" digest ]
//   name        := [ domain "/" ] path-component ( "/" path-component )*
//   domain      := host [ ":" port ]            (the first component, when it has "." or ":" or is
//                                                 "localhost" or has an upper-case letter)
//   path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
//   tag         := [\w][\w.-]{0,127}
//   digest      := algorithm ":" hex            (algorithm [A-Za-z][A-Za-z0-9]*([+._-][A-Za-z][A-Za-z0-9]*)*, hex 32+)
// and a name of at most 255 characters.

export type ImageReference = { ok: true; domain?: string; path: string; tag?: string; digest?: string } | { ok: false; reason: string };

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const NAME_MAX = 255;

const looksLikeDomain = (c: string): boolean => c.includes('.') || c.includes(':') || c === 'localhost' || c.toLowerCase() !== c;

/** Parsed references by text: the same few images recur in every workload of a large tree. */
const parsed = new Map<string, ImageReference>();

/**
 * A reference cut into name, tag and digest where the grammar cuts it (the digest after the first
 * "@", the tag after a ":" past the last "/"), without judging the parts: also what the rules that
 * only compare repositories or tags use on references image-reference reports.
 */
export function splitReference(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), ...(digest !== undefined ? { digest } : {}) };
  return { name: rest, ...(digest !== undefined ? { digest } : {}) };
}

export function parseImageReference(image: unknown): ImageReference {
  if (typeof image !== 'string') return parse(image);
  let hit = parsed.get(image);
  if (!hit) {
    if (parsed.size >= 10_000) parsed.clear();
    hit = parse(image);
    parsed.set(image, hit);
  }
  return hit;
}

function parse(image: unknown): ImageReference {
  if (typeof image !== 'string') return { ok: false, reason: `is ${image === null ? 'null' : Array.isArray(image) ? 'a list' : typeof image === 'object' ? 'a map' : `a ${typeof image}`}, not a string (quote it; a template placeholder must be filled in before it is applied)` };
  if (image === '') return { ok: false, reason: 'is empty' };
  if (/\s/.test(image)) return { ok: false, reason: 'contains white space' };
  const { name, tag, digest } = splitReference(image);
  if (digest !== undefined && !DIGEST.test(digest)) return { ok: false, reason: `has "@${digest}", which is not a digest (algorithm:hex, e.g. sha256: and 64 hex digits); a version goes after ":"` };
  if (tag !== undefined && !TAG.test(tag)) return { ok: false, reason: `has tag "${tag}", which is not a valid tag (letters, digits, _ . -, at most 128, not starting with . or -)` };
  if (name.length > NAME_MAX) return { ok: false, reason: `has a name longer than ${NAME_MAX} characters` };
  const parts = name.split('/');
  let domain: string | undefined;
  if (parts.length > 1 && looksLikeDomain(parts[0] as string)) {
    domain = parts.shift() as string;
    if (!DOMAIN.test(domain)) return { ok: false, reason: `has registry "${domain}", which is not a host[:port]` };
  }
  for (const p of parts) {
    if (PATH_COMPONENT.test(p)) continue;
    if (p.toLowerCase() !== p && PATH_COMPONENT.test(p.toLowerCase())) return { ok: false, reason: `has "${p}" in its repository name, which must be lower case` };
    if (p.includes(':')) return { ok: false, reason: `has more than one ":" (name:tag is written once)` };
    return { ok: false, reason: `has "${p}" in its repository name, which is not lower-case letters and digits separated by . _ __ or -` };
  }
  return { ok: true, ...(domain ? { domain } : {}), path: parts.join('/'), ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}
