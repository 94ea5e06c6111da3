/** Bytes held per key (a client address, a board); a key that holds nothing is forgotten, so the map does not grow with every key ever seen. */
export class BytesByKey {
  readonly #bytes = new Map<string, number>()

  get(key: string): number {
    return this.#bytes.get(key) ?? 0
  }

  add(key: string, bytes: number): void {
    const held = this.get(key) + bytes
    if (held <= 0) this.#bytes.delete(key)
    else this.#bytes.set(key, held)
  }
}
