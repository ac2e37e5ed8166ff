/**
 * A station: c identical servers in front of one FIFO queue, with an optional queue capacity
 * (an arrival that finds the queue full is dropped and counted, and `request` returns false; the
 * station names the reason its owner reports, e.g. `backlog_full`).
 * Models use it for a node's CPU cores, a single-threaded daemon, a link's transmitter. It keeps
 * busy time, the time-weighted queue length (mean and distribution) and the waits of the jobs it
 * served.
 * Layout: the numbers a job touches (servers busy, the busy time's running integral, the counters
 * and wait sums) live in one row of a table of every station of the simulation, a Float64Array,
 * not in fields: a double in a field is a heap number of its own, so a station's start and
 * finish read five or six scattered objects, and a cluster of thousands of nodes keeps few of
 * them in cache. The arithmetic is TimeWeighted's, the same operations in the same order.
 */
import type { Simulation } from './simulation.ts';
import { LevelHistogram, TimeWeighted } from './stats.ts';
import { doubled } from './typed-arrays.ts';

/** A row of `StationTable`: servers busy, the busy level as last recorded, its integral since
 *  the last reset (server·ns) and the time it was recorded, jobs served and started, wait sum and
 *  maximum (ns). */
const BUSY = 0, LEVEL = 1, AREA = 2, SINCE = 3, SERVED = 4, STARTED = 5, WAIT_SUM = 6, WAIT_MAX = 7;
const ROW = 8;

/** The rows of a simulation's stations, one after another. */
class StationTable {
  rows = new Float64Array(ROW * 64);
  private used = 0;

  /** A new row's offset, zeroed. */
  add(): number {
    if (this.used + ROW > this.rows.length) this.rows = doubled(this.rows);
    const at = this.used;
    this.used += ROW;
    return at;
  }
}

const tables = new WeakMap<Simulation, StationTable>();

function tableOf(sim: Simulation): StationTable {
  let t = tables.get(sim);
  if (!t) {
    t = new StationTable();
    tables.set(sim, t);
  }
  return t;
}

export interface StationOptions {
  name: string;
  /** Identical servers, an integer >= 1. */
  servers: number;
  /** Jobs that may wait (not counting those in service); Infinity for no limit. */
  queueCapacity?: number;
  /** What a drop at the full queue is reported as; `queue_full` unless given. */
  dropReason?: string;
}

interface Job {
  serviceNs: number;
  arrivalNs: number;
  done: (arg: any) => void;
  arg: unknown;
}

export class Station {
  readonly name: string;
  readonly servers: number;
  readonly queueCapacity: number;
  readonly dropReason: string;
  /** Arrivals dropped because the queue was full, since the last reset. */
  dropped = 0;
  private readonly queue: Job[] = [];
  private head = 0;
  private readonly table: StationTable;
  /** This station's row in `table`. */
  private readonly at: number;
  /** When the busy time's integral started (the last reset), ns. */
  private busyFromNs: number;
  private readonly queueLevel: TimeWeighted;
  /** Time spent at each queue length since the last reset. */
  readonly occupancy: LevelHistogram;

  constructor(private readonly sim: Simulation, options: StationOptions) {
    if (!Number.isInteger(options.servers) || options.servers < 1) {
      throw new RangeError(`station ${options.name}: servers must be an integer >= 1, got ${options.servers}`);
    }
    this.name = options.name;
    this.servers = options.servers;
    this.queueCapacity = options.queueCapacity ?? Infinity;
    if (!(this.queueCapacity >= 0)) {
      throw new RangeError(`station ${options.name}: queueCapacity must be >= 0 (or Infinity), got ${options.queueCapacity}`);
    }
    this.dropReason = options.dropReason ?? 'queue_full';
    this.table = tableOf(sim);
    this.at = this.table.add();
    this.table.rows[this.at + SINCE] = sim.now;
    this.busyFromNs = sim.now;
    this.queueLevel = new TimeWeighted(sim.now);
    this.occupancy = new LevelHistogram(sim.now);
  }

  /** Jobs waiting (not in service). */
  get queueLength(): number {
    return this.queue.length - this.head;
  }

  /** Servers busy now. */
  get inService(): number {
    return this.table.rows[this.at + BUSY];
  }

  /** Jobs that finished service since the last reset. */
  get served(): number {
    return this.table.rows[this.at + SERVED];
  }

  /** Jobs that started service since the last reset. */
  get started(): number {
    return this.table.rows[this.at + STARTED];
  }

  /** Sum and maximum of waiting times (arrival to start of service) of the jobs started, ns. */
  get waitSumNs(): number {
    return this.table.rows[this.at + WAIT_SUM];
  }

  get waitMaxNs(): number {
    return this.table.rows[this.at + WAIT_MAX];
  }

  /**
   * Asks for `serviceNs` of one server's time; calls `done(arg)` when it has been given.
   * Returns false (and calls nothing) when the job was dropped at a full queue: `capacity` jobs
   * waiting (the station's own capacity unless given, for a job that may wait in a shorter
   * queue of its own kind).
   */
  request<A>(serviceNs: number, done: (arg: A) => void, arg?: A, capacity?: number): boolean {
    const job: Job = { serviceNs, arrivalNs: this.sim.now, done, arg };
    if (this.table.rows[this.at + BUSY] < this.servers) {
      this.start(job);
      return true;
    }
    if (this.queue.length - this.head >= (capacity ?? this.queueCapacity)) {
      this.dropped++;
      return false;
    }
    this.queue.push(job);
    this.setQueueLevel();
    return true;
  }

  /** Busy server-time since the last reset, ns (divide by elapsed time for cores in use). */
  busyNs(): number {
    const r = this.table.rows, at = this.at;
    return r[at + AREA] + r[at + LEVEL] * (this.sim.now - r[at + SINCE]);
  }

  /** Mean servers busy since the last reset. */
  meanBusy(): number {
    const span = this.sim.now - this.busyFromNs;
    return span > 0 ? this.busyNs() / span : this.table.rows[this.at + LEVEL];
  }

  /** Mean busy fraction per server since the last reset. */
  utilization(): number {
    return this.meanBusy() / this.servers;
  }

  meanQueueLength(): number {
    return this.queueLevel.mean(this.sim.now);
  }

  meanWaitNs(): number {
    return this.started > 0 ? this.waitSumNs / this.started : 0;
  }

  /** Forgets statistics so far (end of warm-up); jobs in progress are kept. */
  resetStats(): void {
    const now = this.sim.now;
    const r = this.table.rows, at = this.at;
    r[at + AREA] = 0;
    r[at + SINCE] = now;
    this.busyFromNs = now;
    this.queueLevel.reset(now);
    this.occupancy.reset(now);
    r[at + SERVED] = r[at + STARTED] = r[at + WAIT_SUM] = r[at + WAIT_MAX] = 0;
    this.dropped = 0;
  }

  /** Records the busy level (TimeWeighted.set on the row). */
  private setBusyLevel(r: Float64Array, at: number, now: number): void {
    r[at + AREA] += r[at + LEVEL] * (now - r[at + SINCE]);
    r[at + SINCE] = now;
    r[at + LEVEL] = r[at + BUSY];
  }

  private setQueueLevel(): void {
    const now = this.sim.now;
    const length = this.queue.length - this.head;
    this.queueLevel.set(now, length);
    this.occupancy.set(now, length);
  }

  private start(job: Job): void {
    const r = this.table.rows, at = this.at, now = this.sim.now;
    const wait = now - job.arrivalNs;
    r[at + WAIT_SUM] += wait;
    if (wait > r[at + WAIT_MAX]) r[at + WAIT_MAX] = wait;
    r[at + STARTED]++;
    r[at + BUSY]++;
    this.setBusyLevel(r, at, now);
    this.sim.schedule(job.serviceNs, this.finish, job);
  }

  private readonly finish = (job: Job): void => {
    const r = this.table.rows, at = this.at;
    r[at + BUSY]--;
    r[at + SERVED]++;
    if (this.queue.length > this.head) {
      const next = this.queue[this.head];
      // Drop the reference so the queue does not keep served jobs (and what they carry) alive.
      this.queue[this.head++] = undefined as unknown as Job;
      if (this.head === this.queue.length) {
        this.queue.length = 0;
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.setQueueLevel();
      this.start(next);
    } else {
      this.setBusyLevel(r, at, this.sim.now);
    }
    job.done(job.arg);
  };
}
