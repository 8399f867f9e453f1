// One place a environment runs in — a rendered overlay or the compose stack — seen the same way by
// every cross-layer rule: its clients (containers or compose services, with their environment),
// the configuration files they actually load, and a resolver for the addresses they use.
import { yaml } from '../../lazy.ts';
import type { KubeObject, Render, SourceFile, SourceLocation } from '../../types.ts';
import { filesUnder, type ComposeService, type ComposeStack } from '../compose.ts';
import { arr, asRecord, containersOf, imageName, podTemplates, servesTraffic, type ContainerView, type PodTemplateView } from '../kube.ts';
import type { Locator } from '../locate.ts';
import { KubeResolver, podImages, resolveCompose, type Address } from '../resolve.ts';
import { objectScope, type WaiverScope } from '../waivers.ts';

/** How a component is recognised: the last path segment of its image repository. */
export const COMPONENTS = {
  kafka: /^(cp-)?kafka$/,
  elasticsearch: /^elasticsearch$/,
  logstash: /^logstash(-oss)?$/,
  kibana: /^kibana(-oss)?$/,
  prometheus: /^prometheus$/,
  grafana: /^grafana(-oss|-enterprise)?$/,
} as const;
export type Component = keyof typeof COMPONENTS;

export const runs = (images: readonly string[], c: Component): boolean => images.some((i) => COMPONENTS[c].test(i));

export interface Client {
  /** e.g. `Deployment producer, container producer` or `compose service producer`. */
  name: string;
  env: Record<string, string>;
  envAt(name: string): SourceLocation;
  scope: WaiverScope;
  images: string[];
  /** The full image reference, e.g. `prom/prometheus:v2.54.1`. */
  image?: string;
  /** Where the image is written. */
  imageAt(): SourceLocation;
  self: PodTemplateView | ComposeService;
}

/** A configuration file as a client loads it. */
export interface ConfigText {
  /** The file name the client sees (ConfigMap key or mounted file name). */
  key: string;
  text: string;
  /** The repository file it comes from, when known exactly. */
  file: string;
  exact: boolean;
  /** The location of a line/column of `text`, or of the first occurrence of a string in it. */
  at(pos: { line: number; column: number } | string): SourceLocation;
  scope: WaiverScope;
  /** The client that loads it; absent for files no running container reads (e.g. a one-shot's payload). */
  client?: Client;
}

export interface Resolved {
  ok: boolean;
  images: string[];
  describe: string;
  /** The Service (or compose service) the address names: the one it reached, or one of that name without the port. */
  target?: KubeObject | ComposeService;
}

export interface Place {
  label: string;
  /** The file that defines the place (kustomization or compose file): where a failure of a rule on it is reported. */
  file: string;
  env: string;
  clients(component?: Component): Client[];
  configs(component: Component): ConfigText[];
  /** Every configuration file the place deploys whose name matches, whoever loads it. */
  filesNamed(name: RegExp): ConfigText[];
  resolve(addr: Address, from: Client): Resolved;
}

/** Finds the repository file a ConfigMap value was generated from: the file with exactly that text. */
function sourceOfText(files: readonly SourceFile[], text: string, env: string): SourceFile | undefined {
  const same = files.filter((f) => f.text === text);
  return same.find((f) => f.path.includes(`/${env}/`)) ?? same[0];
}

function textLocator(locator: Locator, file: string, offset: SourceLocation | undefined) {
  return (pos: { line: number; column: number } | string): SourceLocation => {
    if (offset) return { ...offset };
    return typeof pos === 'string' ? locator.text(file, pos) : { file, line: pos.line, column: pos.column };
  };
}

export class KubePlace implements Place {
  readonly label: string;
  readonly file: string;
  private readonly pods: PodTemplateView[];
  private readonly resolver: KubeResolver;
  constructor(
    readonly render: Render,
    readonly env: string,
    private readonly files: readonly SourceFile[],
    private readonly locator: Locator,
  ) {
    this.label = render.dir;
    this.file = render.file;
    this.pods = podTemplates(render.objects);
    this.resolver = new KubeResolver(render);
  }

  private configMap(name: string, namespace: string | undefined): KubeObject | undefined {
    return this.render.objects.find((o) => o.kind === 'ConfigMap' && o.name === name && (o.namespace ?? '') === (namespace ?? ''));
  }

  /**
   * Where a ConfigMap key is written: a generator literal `KEY=value`, else the key of its data. An
   * overlay's generator with `behavior: merge` overrides the base generator's literal, so the literal
   * that sets the rendered value wins over the first one of the generator's own file.
   */
  private configMapKeyAt(cm: KubeObject, key: string): SourceLocation {
    const literal = new RegExp(`^(\\s*-\\s*["']?)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=(.*?)["']?\\s*$`);
    const value = asRecord(cm.body.data)?.[key];
    const literalsIn = (file: string, from: number): { line: number; column: number; value: string }[] =>
      (this.locator.sources.text(file) ?? '').split('\n').flatMap((l, i) => {
        const m = i >= from ? literal.exec(l) : null;
        return m ? [{ line: i + 1, column: (m[1] as string).length + 1, value: m[2] as string }] : [];
      });
    const own = literalsIn(cm.source.file, Math.max(0, cm.source.line - 1));
    const others = [...new Set([...(cm.patchedBy ?? []), this.render.file])].filter((f) => f !== cm.source.file);
    for (const [file, literals] of [[cm.source.file, own] as const, ...others.map((f) => [f, literalsIn(f, 0)] as const)]) {
      const hit = literals.find((l) => l.value === value);
      if (hit) return { file, line: hit.line, column: hit.column };
    }
    if (own[0]) return { file: cm.source.file, line: own[0].line, column: own[0].column };
    return this.locator.field(cm, ['data', key]);
  }

  /**
   * The container's environment as the process sees it: literal values, and values taken from
   * ConfigMaps of the render (valueFrom.configMapKeyRef, envFrom), each with where it is written.
   */
  private environment(c: ContainerView): Map<string, { value: string; at: () => SourceLocation; from?: KubeObject }> {
    const o = c.pod.object;
    const env = new Map<string, { value: string; at: () => SourceLocation; from?: KubeObject }>();
    for (const ref of arr(c.container.envFrom)) {
      const cm = ref.configMapRef?.name ? this.configMap(ref.configMapRef.name, o.namespace) : undefined;
      for (const [key, value] of Object.entries(asRecord(cm?.body.data) ?? {})) {
        if (cm && typeof value === 'string') env.set(`${ref.prefix ?? ''}${key}`, { value, at: () => this.configMapKeyAt(cm, key), from: cm });
      }
    }
    for (const e of arr(c.container.env)) {
      const path = [...c.path, 'env', { name: e.name }];
      if (e.value !== undefined) {
        const value = e.value;
        env.set(e.name, { value, at: () => this.locator.field(o, [...path, 'value']) });
        continue;
      }
      const ref = e.valueFrom?.configMapKeyRef;
      const cm = ref?.name ? this.configMap(ref.name, o.namespace) : undefined;
      const value = ref && cm ? asRecord(cm.body.data)?.[ref.key] : undefined;
      if (cm && ref && typeof value === 'string') env.set(e.name, { value, at: () => this.configMapKeyAt(cm, ref.key), from: cm });
      else env.delete(e.name); // from a Secret or the downward API: unknown here
    }
    return env;
  }

  private client(c: ContainerView): Client {
    const o = c.pod.object;
    const env = this.environment(c);
    const sources = [...new Set([...env.values()].flatMap((v) => (v.from ? [v.from] : [])))];
    return {
      name: `${o.kind} ${o.name}, container ${c.container.name}`,
      env: Object.fromEntries([...env.entries()].map(([k, v]) => [k, v.value])),
      envAt: (name) => env.get(name)?.at() ?? this.locator.field(o, [...c.path, 'env']),
      scope: [...objectScope(o), ...sources.flatMap(objectScope)],
      images: [imageName(c.container.image ?? '')],
      image: typeof c.container.image === 'string' ? c.container.image : undefined,
      imageAt: () => this.locator.field(o, [...c.path, 'image']),
      self: c.pod,
    };
  }

  clients(component?: Component): Client[] {
    return this.pods.flatMap((p) =>
      containersOf(p)
        .filter((c) => servesTraffic(c) && (!component || COMPONENTS[component].test(imageName(c.container.image ?? ''))))
        .map((c) => this.client(c)),
    );
  }

  configs(component: Component): ConfigText[] {
    const out: ConfigText[] = [];
    const seen = new Set<string>();
    for (const client of this.clients(component)) {
      const pod = client.self as PodTemplateView;
      const names = arr(pod.spec.volumes).flatMap((v) => [v.configMap?.name, ...arr(v.projected?.sources).map((s) => s.configMap?.name)]);
      for (const name of names) {
        if (!name) continue;
        const cm = this.configMap(name, pod.object.namespace);
        if (!cm) continue;
        for (const [key, value] of Object.entries(asRecord(cm.body.data) ?? {})) {
          if (typeof value !== 'string' || seen.has(`${name}/${key}`)) continue;
          seen.add(`${name}/${key}`);
          out.push(this.configText(cm, key, value, client));
        }
      }
    }
    return out;
  }

  filesNamed(name: RegExp): ConfigText[] {
    return this.render.objects
      .filter((o) => o.kind === 'ConfigMap')
      .flatMap((cm) => Object.entries(asRecord(cm.body.data) ?? {}).flatMap(([key, value]) => (name.test(key) && typeof value === 'string' ? [this.configText(cm, key, value)] : [])));
  }

  private configText(cm: KubeObject, key: string, text: string, client?: Client): ConfigText {
    const src = sourceOfText(this.files, text, this.env);
    const file = src?.path ?? cm.source.file;
    // Without the generating file, the best place is the ConfigMap's key in its manifest.
    const fallback = src ? undefined : this.locator.field(cm, ['data', key]);
    return { key, text, file, exact: !!src, at: textLocator(this.locator, file, fallback), scope: [...objectScope(cm), ...arr(client?.scope)], client };
  }

  resolve(addr: Address, from: Client): Resolved {
    const pod = from.self as PodTemplateView;
    const ns = pod.object.namespace ?? '';
    const r = this.resolver.resolve(addr, ns, pod);
    if (r.ok) return { ok: true, images: podImages(r.target.pods), describe: r.describe, ...(r.target.service.kind === 'Service' ? { target: r.target.service } : {}) };
    return { ok: false, images: [], describe: r.reason, ...(r.near ? { target: r.near.service } : {}) };
  }
}

export class ComposePlace implements Place {
  readonly label: string;
  readonly file: string;
  constructor(
    readonly stack: ComposeStack,
    readonly env: string,
    private readonly root: string,
    private readonly locator: Locator,
  ) {
    this.label = stack.file;
    this.file = stack.file;
  }

  private client(s: ComposeService): Client {
    return {
      name: `compose service ${s.name}`,
      env: s.environment,
      envAt: (name) => this.stack.at(s.paths.environment[name] ?? ['services', s.name, 'environment']),
      scope: [s.labels],
      images: s.image ? [imageName(s.image)] : [],
      image: s.image,
      imageAt: () => this.stack.at(['services', s.name, 'image']),
      self: s,
    };
  }

  clients(component?: Component): Client[] {
    return this.stack.services.filter((s) => !component || (s.image && COMPONENTS[component].test(imageName(s.image)))).map((s) => this.client(s));
  }

  configs(component: Component): ConfigText[] {
    return this.clients(component).flatMap((c) => this.mountedBy(c));
  }

  private mountedBy(client: Client): ConfigText[] {
    const out: ConfigText[] = [];
    for (const m of (client.self as ComposeService).mounts) {
      for (const file of filesUnder(this.root, m.source)) {
        const text = this.locator.sources.text(file);
        if (text === undefined) continue;
        const key = file.slice(file.lastIndexOf('/') + 1);
        out.push({ key, text, file, exact: true, at: textLocator(this.locator, file, undefined), scope: client.scope, client });
      }
    }
    return out;
  }

  filesNamed(name: RegExp): ConfigText[] {
    const seen = new Set<string>();
    return this.clients()
      .flatMap((c) => this.mountedBy(c))
      .filter((c) => name.test(c.key) && !seen.has(c.file) && !!seen.add(c.file))
      .map(({ client: _unused, ...rest }) => rest);
  }

  resolve(addr: Address, from: Client): Resolved {
    const r = resolveCompose(this.stack, addr, from.self as ComposeService);
    if (r.ok) return { ok: true, images: r.target.image ? [imageName(r.target.image)] : [], describe: r.describe, target: r.target };
    return { ok: false, images: [], describe: r.reason, ...(r.near ? { target: r.near } : {}) };
  }
}

/** A YAML config's parsed content, or undefined when it is not YAML (its own check reports that). */
export function yamlOf(c: ConfigText): unknown {
  if (!/\.ya?ml$/i.test(c.key)) return undefined;
  try {
    return yaml().parse(c.text);
  } catch {
    return undefined;
  }
}
