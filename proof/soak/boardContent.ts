/**
 * A board's content in a form two devices can compare: the doc's parts
 * (shared/schema.ts names them) as JSON with every object's keys sorted,
 * since a Y.Map lists its keys in the order this device learnt them.
 */
import type * as Y from 'yjs'

const PARTS = ['people', 'talks', 'cards', 'pause', 'pauseLog', 'settings'] as const

export function boardContent(doc: Y.Doc): string {
  return canonicalJson(Object.fromEntries(PARTS.map((part) => [part, doc.getMap(part).toJSON()])))
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
