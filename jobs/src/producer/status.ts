// Progress for people: a live line redrawn in place on a terminal, plain periodic lines otherwise
// (container logs), and the closing summary.
export interface Totals {
  acknowledged: number;
  bytes: number;
  failed: number;
  inFlight: number;
}

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export class StatusReporter {
  private timer: NodeJS.Timeout | undefined;
  private samples: { at: number; acknowledged: number }[] = [];
  private startedAt = performance.now();
  private startedCpu = process.cpuUsage();

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly totals: () => Totals,
    private readonly topic: string,
    private readonly plainIntervalMs: number,
  ) {}

  /** Called once the brokers are reached: the summary's rate counts from here. */
  start(): void {
    this.startedAt = performance.now();
    this.samples = [{ at: this.startedAt, acknowledged: this.totals().acknowledged }];
    this.startedCpu = process.cpuUsage();
    const live = this.out.isTTY === true;
    this.timer = setInterval(() => this.print(live), live ? 250 : this.plainIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.out.isTTY) this.out.write('\r\x1b[K');
  }

  private print(live: boolean): void {
    const now = performance.now();
    const t = this.totals();
    // The rate over the last second or more: acknowledgements arrive in batches, so the change
    // since the previous redraw (a quarter second) would jump around.
    this.samples.push({ at: now, acknowledged: t.acknowledged });
    while (this.samples.length > 2 && now - this.samples[1]!.at >= 1_000) this.samples.shift();
    const oldest = this.samples[0]!;
    const rate = ((t.acknowledged - oldest.acknowledged) * 1000) / Math.max(1, now - oldest.at);
    if (live) {
      this.out.write(`\r\x1b[K${this.topic}: ${number.format(rate)} msg/s  sent ${number.format(t.acknowledged)}  errors ${number.format(t.failed)}  in flight ${t.inFlight}`);
    } else {
      this.out.write(`${new Date().toISOString()} progress topic=${this.topic} rate=${rate.toFixed(0)}/s sent=${t.acknowledged} errors=${t.failed} in_flight=${t.inFlight}\n`);
    }
  }

  summary(t: Totals, produced: number, reason: string): string {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const unconfirmed = Math.max(0, produced - t.acknowledged - t.failed);
    // CPU of the whole process (all sender threads) since the brokers were reached.
    const cpu = process.cpuUsage(this.startedCpu);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return [
      `summary: ${reason}; acknowledged ${t.acknowledged} of ${produced} messages`,
      `(${(t.bytes / 1e6).toFixed(1)} MB) in ${seconds.toFixed(2)} s (${number.format(t.acknowledged / Math.max(seconds, 1e-9))} msg/s),`,
      `failed ${t.failed}, unconfirmed ${unconfirmed};`,
      `cpu ${cpuSeconds.toFixed(2)} s (${((cpuSeconds / Math.max(seconds, 1e-9)) * 100).toFixed(1)}% of one core)`,
    ].join(' ');
  }
}
