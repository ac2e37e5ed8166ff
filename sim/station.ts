/**
 * A station: c identical servers in front of one FIFO queue, with an optional queue capacity
 * (an arrival that finds the queue full is dropped and counted, and `request` returns false; the
 * station names the reason its owner reports, e.g. `backlog_full`).
 * Models use it for a node's CPU cores, a single-threaded daemon, a link's transmitter. It keeps
 * busy time, the time-weighted queue length (mean and distribution) and the waits of the jobs it
 * served.
 * A job may be preemptible with a slice (`requestSliced`): round robin with a quantum, as the
 * kernel's scheduler shares a core between runnable tasks. In service it yields its server at its
 * next slice boundary (every `sliceNs` of service since it last started) only if some job is
 * waiting then, and goes to the back of the queue with the work it has left; with nothing waiting
 * it runs on, and costs no event beyond its finish, as an ordinary job. Its statistics: it counts
 * once in `started` and `served`; its every wait (arrival to first start, each preemption to its
 * resumption) adds to the wait sum, and `waitMaxNs` compares a job's waits summed; busy time is its
 * service only. A preempted job back in the queue is never dropped (the capacity applies to
 * arrivals) and counts in the queue's length.
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
  /** A preemptible job's state; null for an ordinary job. */
  slice: Slice | null;
}

/** A preemptible job's slice and progress. */
interface Slice {
  sliceNs: number;
  /** Work left when it last started (or was preempted), ns. */
  leftNs: number;
  /** When it last joined the queue, ns. */
  queuedNs: number;
  /** Its waits so far, summed, ns. */
  waitedNs: number;
  started: boolean;
  /** Its run on a server now; null while it waits. A superseded run's finish event is ignored. */
  run: Run | null;
}

/** One stretch of a preemptible job's service, from `sinceNs` until `endNs` unless it yields. */
interface Run {
  job: Job;
  sinceNs: number;
  endNs: number;
  /** A yield check is scheduled at its next slice boundary. */
  yieldArmed: boolean;
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
  /** The runs of the preemptible jobs in service, and how many have a yield check scheduled. */
  private readonly runs: Run[] = [];
  private yieldsArmed = 0;
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
    const job: Job = { serviceNs, arrivalNs: this.sim.now, done, arg, slice: null };
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
    if (this.runs.length > 0) this.armYields();
    return true;
  }

  /**
   * As `request`, for a preemptible job: in service it yields its server to a waiting job at
   * every `sliceNs` (an integer >= 1) of service since it last started, and waits again at the
   * back of the queue with the work it has left.
   */
  requestSliced<A>(serviceNs: number, sliceNs: number, done: (arg: A) => void, arg?: A): boolean {
    if (!Number.isSafeInteger(sliceNs) || sliceNs < 1) {
      throw new RangeError(`station ${this.name}: sliceNs must be an integer >= 1, got ${sliceNs}`);
    }
    const now = this.sim.now;
    const slice: Slice = { sliceNs, leftNs: serviceNs, queuedNs: now, waitedNs: 0, started: false, run: null };
    const job: Job = { serviceNs, arrivalNs: now, done, arg, slice };
    if (this.inService < this.servers) {
      this.startRun(job, slice);
      return true;
    }
    if (this.queueLength >= this.queueCapacity) {
      this.dropped++;
      return false;
    }
    this.queue.push(job);
    this.setQueueLevel();
    this.armYields();
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
    if (job.slice !== null) return this.startRun(job, job.slice);
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
      const next = this.takeHead();
      this.setQueueLevel();
      this.start(next);
    } else {
      this.setBusyLevel(r, at, this.sim.now);
    }
    job.done(job.arg);
  };

  /** The first job waiting, taken off the queue. */
  private takeHead(): Job {
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
    return next;
  }

  /** A preemptible job starts, or resumes, on a server. */
  private startRun(job: Job, s: Slice): void {
    const r = this.table.rows, at = this.at, now = this.sim.now;
    const wait = now - s.queuedNs;
    s.waitedNs += wait;
    r[at + WAIT_SUM] += wait;
    if (s.waitedNs > r[at + WAIT_MAX]) r[at + WAIT_MAX] = s.waitedNs;
    if (!s.started) {
      s.started = true;
      r[at + STARTED]++;
    }
    r[at + BUSY]++;
    this.setBusyLevel(r, at, now);
    const run: Run = { job, sinceNs: now, endNs: now + s.leftNs, yieldArmed: false };
    s.run = run;
    this.runs.push(run);
    this.sim.schedule(s.leftNs, this.finishRun, run);
    if (this.queue.length > this.head) this.armYields();
  }

  private readonly finishRun = (run: Run): void => {
    const s = run.job.slice!;
    if (s.run !== run) return;
    s.run = null;
    this.runs.splice(this.runs.indexOf(run), 1);
    this.finish(run.job);
  };

  /**
   * While fewer yield checks are scheduled than jobs wait, schedules one more: at the earliest
   * next slice boundary of a run without one that ends after it.
   */
  private armYields(): void {
    const now = this.sim.now;
    while (this.yieldsArmed < this.queue.length - this.head) {
      let best: Run | null = null;
      let bestNs = Infinity;
      for (const run of this.runs) {
        if (run.yieldArmed) continue;
        const q = run.job.slice!.sliceNs;
        const boundaryNs = run.sinceNs + q * Math.max(1, Math.ceil((now - run.sinceNs) / q));
        if (boundaryNs < run.endNs && boundaryNs < bestNs) {
          best = run;
          bestNs = boundaryNs;
        }
      }
      if (best === null) return;
      best.yieldArmed = true;
      this.yieldsArmed++;
      this.sim.at(bestNs, this.yieldRun, best);
    }
  }

  /** A run's slice boundary: it hands its server to the first job waiting, if any, and waits. */
  private readonly yieldRun = (run: Run): void => {
    run.yieldArmed = false;
    this.yieldsArmed--;
    if (this.queue.length === this.head) return;
    const now = this.sim.now;
    const job = run.job, s = job.slice!;
    s.leftNs = run.endNs - now;
    s.queuedNs = now;
    s.run = null;
    this.runs.splice(this.runs.indexOf(run), 1);
    const next = this.takeHead();
    this.queue.push(job);
    this.setQueueLevel();
    this.table.rows[this.at + BUSY]--;
    this.start(next);
    this.armYields();
  };
}
