/** The event queues by name, for `new Simulation({ queue })` and `npm run bench -- phold --queue`. */
import { FastPriorityQueueQueue, TypedHeapQueue } from './event-queue.ts';
import { LadderQueue } from './ladder-queue.ts';
import { AdaptiveQueue, RadixHeapQueue } from './radix-heap-queue.ts';

export const queueKinds = {
  ladder: () => new LadderQueue(),
  adaptive: () => new AdaptiveQueue(),
  'typed-heap': () => new TypedHeapQueue(),
  radix: () => new RadixHeapQueue(),
  fastpriorityqueue: () => new FastPriorityQueueQueue(),
} as const;

export type QueueKind = keyof typeof queueKinds;
