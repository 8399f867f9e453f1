// The relative links of a markdown file, and the anchors its headings make, as GitHub renders them.
// Links inside code (fenced blocks, `inline`) are text, not links, and are left out.

export interface Link {
  /** 1-based line of the link in its file. */
  line: number;
  /** The path part of the target ('' for a link to an anchor of the same file). */
  path: string;
  /** The anchor, without '#', or null when the link has none. */
  anchor: string | null;
}

/** Blanks fenced code blocks, keeping every line where it was. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?^[ \t]*\1[ \t]*$/gm, (block) => block.replace(/[^\n]/g, ' '));
}

/** Blanks fenced code blocks and inline code, keeping every line where it was. */
function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
}

/** Links to files of the repository: not to other sites, not mail. */
export function relativeLinks(markdown: string): Link[] {
  const text = withoutCode(markdown);
  const links: Link[] = [];
  for (const m of text.matchAll(/\]\(([^()\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1] ?? '';
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const hash = target.indexOf('#');
    links.push({
      line: text.slice(0, m.index).split('\n').length,
      path: hash === -1 ? target : target.slice(0, hash),
      anchor: hash === -1 ? null : target.slice(hash + 1),
    });
  }
  return links;
}

/**
 * GitHub's heading anchors: the heading's text lower-cased, punctuation dropped (letters, digits,
 * spaces, '-' and '_' stay), spaces turned into '-'; a repeated anchor gets -1, -2, ...
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of withoutFences(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)) {
    const heading = (m[1] ?? '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}
