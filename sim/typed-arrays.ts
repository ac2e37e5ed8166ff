/** Growth of the engine's typed-array stores: a copy of twice the length, the old contents first. */
export function doubled<T extends Float64Array | Int32Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}
