/**
 * A station: c identical servers in front of one FIFO queue, with an optional queue capacity
 * (an arrival that finds the queue full is dropped and counted, and `request` returns false; the
 * station names the reason its owner reports, e.g. `backlog_full`).
 * Models use it for a node's CPU cores, a single-threaded daemon, a link's transmitter. It keeps
 * busy time, the time-weighted queue length (mean and distribution) and the waits of the jobs it
 * served.
 */
import type { Simulation } from './simulation.ts';
import { LevelHistogram, TimeWeighted } from './stats.ts';

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
  /** Jobs that finished service since the last reset. */
  served = 0;
  /** Arrivals dropped because the queue was full, since the last reset. */
  dropped = 0;
  /** Sum and maximum of waiting times (arrival to start of service) of the jobs started, ns. */
  waitSumNs = 0;
  waitMaxNs = 0;
  started = 0;
  private busy = 0;
  private readonly queue: Job[] = [];
  private head = 0;
  private readonly busyLevel: TimeWeighted;
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
    this.busyLevel = new TimeWeighted(sim.now);
    this.queueLevel = new TimeWeighted(sim.now);
    this.occupancy = new LevelHistogram(sim.now);
  }

  /** Jobs waiting (not in service). */
  get queueLength(): number {
    return this.queue.length - this.head;
  }

  /** Servers busy now. */
  get inService(): number {
    return this.busy;
  }

  /**
   * Asks for `serviceNs` of one server's time; calls `done(arg)` when it has been given.
   * Returns false (and calls nothing) when the job was dropped at a full queue: `capacity` jobs
   * waiting (the station's own capacity unless given, for a job that may wait in a shorter
   * queue of its own kind).
   */
  request<A>(serviceNs: number, done: (arg: A) => void, arg?: A, capacity = this.queueCapacity): boolean {
    const job: Job = { serviceNs, arrivalNs: this.sim.now, done, arg };
    if (this.busy < this.servers) {
      this.start(job);
      return true;
    }
    if (this.queue.length - this.head >= capacity) {
      this.dropped++;
      return false;
    }
    this.queue.push(job);
    this.setQueueLevel();
    return true;
  }

  /** Busy server-time since the last reset, ns (divide by elapsed time for cores in use). */
  busyNs(): number {
    return this.busyLevel.integral(this.sim.now);
  }

  /** Mean servers busy since the last reset. */
  meanBusy(): number {
    return this.busyLevel.mean(this.sim.now);
  }

  /** Mean busy fraction per server since the last reset. */
  utilization(): number {
    return this.busyLevel.mean(this.sim.now) / this.servers;
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
    this.busyLevel.reset(now);
    this.queueLevel.reset(now);
    this.occupancy.reset(now);
    this.served = this.dropped = this.started = this.waitSumNs = this.waitMaxNs = 0;
  }

  private setQueueLevel(): void {
    const now = this.sim.now;
    const length = this.queue.length - this.head;
    this.queueLevel.set(now, length);
    this.occupancy.set(now, length);
  }

  private start(job: Job): void {
    const wait = this.sim.now - job.arrivalNs;
    this.waitSumNs += wait;
    if (wait > this.waitMaxNs) this.waitMaxNs = wait;
    this.started++;
    this.busy++;
    this.busyLevel.set(this.sim.now, this.busy);
    this.sim.schedule(job.serviceNs, this.finish, job);
  }

  private readonly finish = (job: Job): void => {
    this.busy--;
    this.served++;
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
      this.busyLevel.set(this.sim.now, this.busy);
    }
    job.done(job.arg);
  };
}
