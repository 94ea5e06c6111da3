import type * as Y from 'yjs'
import { createSubscriber } from 'svelte/reactivity'

/**
 * A Svelte subscription to one Y.Map: call it in a getter, and whoever read
 * through that getter reads again when the map changes, on any screen. The
 * observer is attached only while something is reading.
 */
export function watchMap<T>(map: Y.Map<T>): () => void {
  return createSubscriber((update) => {
    map.observe(update)
    return () => map.unobserve(update)
  })
}
