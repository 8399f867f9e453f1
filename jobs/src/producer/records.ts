// Log records as a fleet of services would write them: one JSON object per record with Elastic
// Common Schema field names. The constant parts of each kind of record are encoded once; the hot
// path copies them into one buffer per batch and writes only the timestamp, trace id and duration,
// so producing a record allocates no string and no Buffer of its own.

export interface ServiceProfile {
  name: string;
  /** Relative share of all records. */
  weight: number;
  routes: readonly { method: string; path: string; p50Ms: number }[];
  warnings: readonly string[];
  errors: readonly string[];
  debug: readonly string[];
}

export const SERVICES: readonly ServiceProfile[] = [
  {
    name: 'api-gateway', weight: 30,
    routes: [{ method: 'GET', path: '/api/products', p50Ms: 18 }, { method: 'GET', path: '/api/cart', p50Ms: 12 }, { method: 'POST', path: '/api/cart/items', p50Ms: 25 }],
    warnings: ['upstream slow to respond', 'rate limit at 80% for client'],
    errors: ['upstream connection reset', 'no healthy upstream'],
    debug: ['route matched', 'jwt verified'],
  },
  {
    name: 'orders', weight: 15,
    routes: [{ method: 'POST', path: '/orders', p50Ms: 60 }, { method: 'GET', path: '/orders/{id}', p50Ms: 15 }],
    warnings: ['order retry after optimistic lock conflict', 'slow query on orders table'],
    errors: ['order persistence failed', 'inventory reservation rejected'],
    debug: ['order state transition', 'outbox event queued'],
  },
  {
    name: 'payments', weight: 8,
    routes: [{ method: 'POST', path: '/payments', p50Ms: 140 }, { method: 'GET', path: '/payments/{id}', p50Ms: 20 }],
    warnings: ['payment provider latency high', '3-D Secure challenge required'],
    errors: ['payment provider timeout', 'card declined by issuer'],
    debug: ['idempotency key reused', 'provider webhook received'],
  },
  {
    name: 'auth', weight: 10,
    routes: [{ method: 'POST', path: '/login', p50Ms: 45 }, { method: 'POST', path: '/token/refresh', p50Ms: 10 }],
    warnings: ['failed login attempt', 'token close to expiry'],
    errors: ['user store unavailable', 'signing key not found'],
    debug: ['session created', 'password hash verified'],
  },
  {
    name: 'inventory', weight: 10,
    routes: [{ method: 'GET', path: '/stock/{sku}', p50Ms: 8 }, { method: 'PUT', path: '/stock/{sku}', p50Ms: 30 }],
    warnings: ['stock below reorder level', 'reservation held longer than 10m'],
    errors: ['negative stock prevented', 'warehouse sync failed'],
    debug: ['cache hit for sku', 'reservation released'],
  },
  {
    name: 'search', weight: 15,
    routes: [{ method: 'GET', path: '/search', p50Ms: 35 }, { method: 'GET', path: '/suggest', p50Ms: 6 }],
    warnings: ['query took longer than 500ms', 'index replica lagging'],
    errors: ['search backend unavailable', 'query parse error'],
    debug: ['query rewritten', 'result cache miss'],
  },
  {
    name: 'notifications', weight: 7,
    routes: [{ method: 'POST', path: '/notify/email', p50Ms: 90 }, { method: 'POST', path: '/notify/push', p50Ms: 40 }],
    warnings: ['email provider throttling', 'push token expired'],
    errors: ['template rendering failed', 'smtp connection refused'],
    debug: ['message enqueued', 'delivery receipt stored'],
  },
  {
    name: 'checkout', weight: 5,
    routes: [{ method: 'POST', path: '/checkout', p50Ms: 120 }, { method: 'GET', path: '/checkout/{id}', p50Ms: 14 }],
    warnings: ['cart changed during checkout', 'shipping quote stale'],
    errors: ['checkout aborted: payment failed', 'address validation failed'],
    debug: ['tax computed', 'shipping options loaded'],
  },
];

export const LOG_LEVELS = ['info', 'warn', 'error', 'debug'] as const;
/** Shares per thousand: mostly access logs, some warnings, a few errors and debug lines. */
const LEVEL_PER_MILLE = { info: 820, warn: 100, error: 40, debug: 40 } as const;
const HTTP_OK = [200, 200, 200, 200, 200, 200, 201, 204, 304, 404] as const;
const HTTP_FAIL = [500, 502, 503, 504] as const;

/** xorshift32: fast, seedable, good enough to pick among a few thousand shapes. */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  u32(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
  below(n: number): number {
    return this.u32() % n;
  }
}

/**
 * Everything about a record that does not change from one record to the next, pre-encoded.
 * A record is: timestamp head, `pre` (level, message, service, host, up to trace.id), 32 hex
 * digits of trace id, `post` (the remaining fields), and for access logs a duration.
 */
interface Shape {
  key: Buffer;
  pre: Buffer;
  post: Buffer;
  /** Median duration in ms for access logs; 0 for application logs (no event.duration). */
  p50Ms: number;
  slowFactor: number;
}

const SHAPE_SLOTS = 4096;
const HEX_CODES = Buffer.from('0123456789abcdef');
const DURATION_TAIL = Buffer.from('000000}'); // ms to ns, and the closing brace
const APP_TAIL = Buffer.from('}');

function buildShapes(services: readonly ServiceProfile[]): Shape[] {
  const shapes: { shape: Shape; weight: number }[] = [];
  for (const service of services) {
    const key = Buffer.from(service.name);
    const hosts = [0, 1, 2].map((i) => `${service.name}-${(0x5a3c + i * 0x1f7).toString(16)}`);
    const add = (level: string, message: string, post: string, weight: number, p50Ms: number, slowFactor: number): void => {
      for (const host of hosts) {
        const pre = `","log.level":"${level}","message":"${message}","service.name":"${service.name}","host.name":"${host}","trace.id":"`;
        shapes.push({ shape: { key, pre: Buffer.from(pre), post: Buffer.from(post), p50Ms, slowFactor }, weight: weight / hosts.length });
      }
    };
    const accessShare = service.weight * (LEVEL_PER_MILLE.info + LEVEL_PER_MILLE.error / 2);
    for (const route of service.routes) {
      const statuses: { status: number; share: number; level: string }[] = [
        ...HTTP_OK.map((status) => ({ status, share: LEVEL_PER_MILLE.info / HTTP_OK.length, level: 'info' })),
        ...HTTP_FAIL.map((status) => ({ status, share: LEVEL_PER_MILLE.error / 2 / HTTP_FAIL.length, level: 'error' })),
      ];
      for (const { status, share, level } of statuses) {
        const post = `","http.request.method":"${route.method}","http.response.status_code":${status},"event.duration":`;
        const weight = (accessShare * share) / (LEVEL_PER_MILLE.info + LEVEL_PER_MILLE.error / 2) / service.routes.length;
        add(level, `${route.method} ${route.path} ${status}`, post, weight, route.p50Ms, level === 'error' ? 8 : 1.5);
      }
    }
    const app = (level: string, texts: readonly string[], perMille: number): void => {
      for (const text of texts) add(level, text, `","event.dataset":"${service.name}.app"`, (service.weight * perMille) / texts.length, 0, 0);
    };
    app('warn', service.warnings, LEVEL_PER_MILLE.warn);
    app('error', service.errors, LEVEL_PER_MILLE.error / 2);
    app('debug', service.debug, LEVEL_PER_MILLE.debug);
  }
  // Spread the shapes over a power-of-two table in proportion to their weight, so picking one is
  // a mask and a lookup.
  const total = shapes.reduce((sum, s) => sum + s.weight, 0);
  const table: Shape[] = [];
  let carried = 0;
  for (const { shape, weight } of shapes) {
    carried += (weight / total) * SHAPE_SLOTS;
    while (table.length < Math.round(carried)) table.push(shape);
  }
  while (table.length < SHAPE_SLOTS) table.push(shapes[0]!.shape);
  return table;
}

export interface GeneratedBatch {
  /** One message per record: key = service.name, value = the JSON record. */
  messages: { key: Buffer; value: Buffer }[];
  bytes: number;
}

export interface GeneratorOptions {
  seed?: number;
  /** Only these services (by name); used to give each worker thread its own services. */
  services?: readonly string[];
  now?: () => number;
}

/** Longest record the shapes can produce, with room to spare; sizes the per-batch slab. */
const MAX_RECORD_BYTES = 512;

export class LogRecordGenerator {
  private readonly random: Random;
  private readonly table: Shape[];
  private readonly now: () => number;
  private lastMs = -1;
  private head: Buffer = Buffer.alloc(0);

  constructor(options: GeneratorOptions = {}) {
    this.random = new Random(options.seed ?? Date.now());
    this.now = options.now ?? Date.now;
    const chosen = SERVICES.filter((s) => !options.services || options.services.includes(s.name));
    if (chosen.length === 0) throw new Error('no services to generate records for');
    this.table = buildShapes(chosen);
  }

  /** One record as a JSON string (the same bytes the batches carry). */
  nextRecord(): { key: Buffer; json: string } {
    const { messages } = this.batch(1);
    const message = messages[0]!;
    return { key: message.key, json: message.value.toString('latin1') };
  }

  /** `count` records written into one fresh buffer: one allocation per batch, not per record. */
  batch(count: number): GeneratedBatch {
    const slab = Buffer.allocUnsafe(count * MAX_RECORD_BYTES);
    const messages = new Array<{ key: Buffer; value: Buffer }>(count);
    const head = this.timestampHead();
    const random = this.random;
    let offset = 0;
    for (let i = 0; i < count; i++) {
      const shape = this.table[random.u32() & (SHAPE_SLOTS - 1)]!;
      const start = offset;
      slab.set(head, offset);
      offset += head.length;
      slab.set(shape.pre, offset);
      offset += shape.pre.length;
      for (let w = 0; w < 4; w++) {
        const v = random.u32();
        for (let shift = 28; shift >= 0; shift -= 4) slab[offset++] = HEX_CODES[(v >>> shift) & 15]!;
      }
      slab.set(shape.post, offset);
      offset += shape.post.length;
      if (shape.p50Ms > 0) {
        const spread = 0.5 + (random.below(1000) / 1000) * shape.slowFactor;
        offset += writeDigits(slab, offset, Math.max(1, Math.round(shape.p50Ms * spread)));
        slab.set(DURATION_TAIL, offset);
        offset += DURATION_TAIL.length;
      } else {
        slab.set(APP_TAIL, offset);
        offset += APP_TAIL.length;
      }
      messages[i] = { key: shape.key, value: slab.subarray(start, offset) };
    }
    return { messages, bytes: offset };
  }

  private timestampHead(): Buffer {
    const ms = this.now();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.head = Buffer.from(`{"@timestamp":"${new Date(ms).toISOString()}`);
    }
    return this.head;
  }
}

function writeDigits(target: Buffer, offset: number, value: number): number {
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  for (let i = digits - 1, v = value; i >= 0; i--, v = Math.floor(v / 10)) target[offset + i] = 48 + (v % 10);
  return digits;
}

/** Splits the services among `workers` so that each service (each key) has one writer. */
export function servicesForWorker(worker: number, workers: number): string[] {
  const sorted = [...SERVICES].sort((a, b) => b.weight - a.weight);
  const loads = Array.from({ length: workers }, () => 0);
  const owner = new Map<string, number>();
  // Greedy balancing by weight keeps the workers' shares of traffic close.
  for (const service of sorted) {
    const least = loads.indexOf(Math.min(...loads));
    owner.set(service.name, least);
    loads[least]! += service.weight;
  }
  return sorted.filter((s) => owner.get(s.name) === worker).map((s) => s.name);
}

/** Each sender thread's own generator seed: its records can be generated again from the run's seed. */
export function generatorSeed(seed: number, worker: number): number {
  return seed * 31 + worker;
}
