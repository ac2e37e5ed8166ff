/**
 * Named random streams. Every draw in a run comes from a stream derived from (scenario seed,
 * replication, stream name) with `seedrandom`'s Alea generator, so the same name yields the same
 * sequence in every configuration compared (common random numbers), whatever else draws.
 */
import seedrandom from 'seedrandom';

export class RandomStream {
  private readonly next: () => number;

  constructor(readonly seed: number, readonly replication: number, readonly name: string) {
    this.next = seedrandom.alea(`${seed}/${replication}/${name}`);
  }

  /** Uniform on [0, 1). */
  random(): number {
    return this.next();
  }

  /** Uniform integer on [0, n). */
  integer(n: number): number {
    return Math.floor(this.next() * n);
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal by Box–Muller (one of the pair; simple and reproducible). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Lognormal with the given mean and coefficient of variation (sd / mean). */
  lognormal(mean: number, cv: number): number {
    const sigma2 = Math.log(1 + cv * cv);
    const mu = Math.log(mean) - sigma2 / 2;
    return Math.exp(mu + Math.sqrt(sigma2) * this.normal());
  }
}

/** The streams of one replication, created on first use by name. */
export class Streams {
  private readonly byName = new Map<string, RandomStream>();

  constructor(readonly seed: number, readonly replication: number) {}

  get(name: string): RandomStream {
    let s = this.byName.get(name);
    if (!s) {
      s = new RandomStream(this.seed, this.replication, name);
      this.byName.set(name, s);
    }
    return s;
  }
}
