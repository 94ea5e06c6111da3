/** Group commit (DESIGN.md: "appends are batched per event-loop turn"). */
import { describe, expect, it } from 'vitest'
import type { AppendItem } from '../../../server/log/types.ts'
import { AppendBatcher, type PendingAppend } from '../../../server/relay/appendBatcher.ts'
import { gate, until } from '../helpers/memorySocket.ts'

/** A log that records each transaction and numbers items per board. */
function recordingLog(options: { hold?: Promise<void>; fail?: () => boolean } = {}) {
  const transactions: AppendItem[][] = []
  const heads = new Map<string, number>()
  return {
    transactions,
    async appendUpdates(items: readonly AppendItem[]) {
      transactions.push([...items])
      await options.hold
      if (options.fail?.()) throw new Error('disk I/O error')
      return items.map(({ boardId }) => {
        const seq = (heads.get(boardId) ?? 0) + 1
        heads.set(boardId, seq)
        return seq
      })
    },
  }
}

function item(boardId: string, events: string[], label: string): PendingAppend {
  return {
    boardId,
    sealed: new Uint8Array(10),
    durable: (seq) => events.push(`${label} durable ${seq}`),
    boardGone: () => events.push(`${label} gone`),
    failed: () => events.push(`${label} failed`),
  }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe('the append batcher', () => {
  it('commits everything pushed in one event-loop turn in ONE transaction, then settles items in order', async () => {
    const log = recordingLog()
    const batcher = new AppendBatcher(log, () => {})
    const events: string[] = []
    batcher.enqueue(item('a', events, 'a1'))
    batcher.enqueue(item('b', events, 'b1'))
    batcher.enqueue(item('a', events, 'a2'))
    expect(log.transactions).toHaveLength(0)
    expect(events).toEqual([])
    await until(() => events.length === 3, 'the commit')
    expect(log.transactions.map((t) => t.map((i) => i.boardId))).toEqual([['a', 'b', 'a']])
    expect(events).toEqual(['a1 durable 1', 'b1 durable 1', 'a2 durable 2'])

    await nextTurn()
    batcher.enqueue(item('a', events, 'a3'))
    await until(() => events.length === 4, 'the second commit')
    expect(log.transactions).toHaveLength(2)
  })

  it('commits one transaction at a time; what arrives meanwhile forms the next single batch', async () => {
    const held = gate()
    const log = recordingLog({ hold: held.opened })
    const batcher = new AppendBatcher(log, () => {})
    const events: string[] = []
    batcher.enqueue(item('a', events, 'first'))
    await until(() => log.transactions.length === 1, 'the first commit to start')
    for (let turn = 0; turn < 3; turn++) {
      batcher.enqueue(item('a', events, `later${turn}`))
      await nextTurn()
    }
    expect(log.transactions).toHaveLength(1)
    held.open()
    await batcher.drain()
    expect(log.transactions.map((t) => t.length)).toEqual([1, 3])
    expect(events).toEqual(['first durable 1', 'later0 durable 2', 'later1 durable 3', 'later2 durable 4'])
  })

  it('a failed transaction fails every item in it, is logged once, and the next batch is tried afresh', async () => {
    let failing = true
    const log = recordingLog({ fail: () => failing })
    const lines: string[] = []
    const batcher = new AppendBatcher(log, (line) => void lines.push(line))
    const events: string[] = []
    batcher.enqueue(item('a', events, 'x'))
    batcher.enqueue(item('b', events, 'y'))
    expect(batcher.pendingTail('a')).toEqual({ updates: 1, bytes: 10 })
    await batcher.drain()
    expect(events).toEqual(['x failed', 'y failed'])
    expect(lines).toEqual(['relay: append of 2 update(s) failed, closing their sockets with 4503: disk I/O error'])
    expect(batcher.pendingTail('a')).toEqual({ updates: 0, bytes: 0 })

    failing = false
    batcher.enqueue(item('a', events, 'z'))
    await batcher.drain()
    expect(events.at(-1)).toBe('z durable 1')
  })

  it('an item whose board is gone is told so, and the rest of the batch is still acknowledged', async () => {
    const log = {
      appendUpdates: async (items: readonly AppendItem[]) => items.map((i, n) => (i.boardId === 'deleted' ? null : n + 1)),
    }
    const batcher = new AppendBatcher(log, () => {})
    const events: string[] = []
    batcher.enqueue(item('deleted', events, 'd'))
    batcher.enqueue(item('live', events, 'l'))
    await batcher.drain()
    expect(events).toEqual(['d gone', 'l durable 2'])
  })
})
