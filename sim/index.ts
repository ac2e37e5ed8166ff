/** The engine's public API: models import from here only. */
export { Simulation, type RunOptions } from './simulation.ts';
export { type EventQueue, TypedHeapQueue, FastPriorityQueueQueue } from './event-queue.ts';
export { AdaptiveQueue, RadixHeapQueue } from './radix-heap-queue.ts';
export { LadderQueue } from './ladder-queue.ts';
export { type QueueKind, queueKinds } from './queue-kinds.ts';
export { RandomStream, Streams } from './random.ts';
export { type DistributionSpec, sampler, meanNs } from './distribution.ts';
export { Station, type StationOptions } from './station.ts';
export { LatencyRecorder, Counter, LevelHistogram, TimeWeighted, type Summary } from './stats.ts';
export { TraceSource } from './trace.ts';
export { doubled } from './typed-arrays.ts';
