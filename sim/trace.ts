/**
 * Trace sources, as in ns-3: a model declares a source per kind of happening (tx, rx, drop with a
 * reason, crossing, nat …) and emits plain event objects; collectors subscribe. Emitting to a
 * source nobody listens to costs one length check, so models may emit freely on hot paths by
 * testing `active` before building the event.
 */
export class TraceSource<E> {
  private readonly sinks: ((event: E) => void)[] = [];

  get active(): boolean {
    return this.sinks.length > 0;
  }

  subscribe(sink: (event: E) => void): () => void {
    this.sinks.push(sink);
    return () => {
      const i = this.sinks.indexOf(sink);
      if (i >= 0) this.sinks.splice(i, 1);
    };
  }

  emit(event: E): void {
    for (const sink of this.sinks) sink(event);
  }
}
