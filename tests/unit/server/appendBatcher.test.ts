/** Group commit: one transaction per event-loop turn, callbacks only after it, in item order. */
import { describe, expect, it } from 'vitest'
import { RejectReason } from '../../../shared/protocol.ts'
import type { AppendItem, AppendResult } from '../../../server/log/types.ts'
import { AppendBatcher, type PendingAppend } from '../../../server/relay/appendBatcher.ts'
import { settle, until } from '../../kit/waits.ts'
import { gate } from '../../kit/relay/memorySocket.ts'

/**
 * A log that records each transaction and numbers items per board; a
 * snapshot covering more than its board's head is out of range, and a
 * board named 'deleted' is gone.
 */
function recordingLog(options: { hold?: () => Promise<void>; fail?: () => boolean } = {}) {
  const transactions: AppendItem[][] = []
  const heads = new Map<string, number>()
  return {
    transactions,
    async append(items: readonly AppendItem[]): Promise<AppendResult[]> {
      transactions.push([...items])
      await options.hold?.()
      if (options.fail?.()) throw new Error('disk I/O error')
      return items.map((item): AppendResult => {
        if (item.boardId === 'deleted') return { status: 'board-gone' }
        if (item.boardId === 'full') return { status: 'board-full' }
        if (item.boardId === 'server-full') return { status: 'storage-full' }
        const head = heads.get(item.boardId) ?? 0
        if (item.kind === 'snapshot' && item.coversSeq > head) return { status: 'out-of-range' }
        heads.set(item.boardId, head + 1)
        return { status: 'stored', seq: head + 1 }
      })
    },
  }
}

function callbacks(events: string[], label: string): Omit<PendingAppend, 'item'> {
  return {
    stored: (seq) => void events.push(`${label} stored ${seq}`),
    boardGone: () => void events.push(`${label} gone`),
    refused: (reason) => void events.push(`${label} refused ${reason}`),
    failed: () => void events.push(`${label} failed`),
  }
}

function update(boardId: string, events: string[], label: string): PendingAppend {
  return { item: { kind: 'update', boardId, sealed: new Uint8Array(10) }, ...callbacks(events, label) }
}

function snapshot(boardId: string, coversSeq: number, events: string[], label: string): PendingAppend {
  const item: AppendItem = { kind: 'snapshot', boardId, coversSeq, carriesChanges: false, keepSeqs: [], parts: [new Uint8Array(50)] }
  return { item, ...callbacks(events, label) }
}

describe('the append batcher', () => {
  it('commits everything pushed in one event-loop turn in ONE transaction, and calls nothing before the commit', async () => {
    const commit = gate()
    const log = recordingLog({ hold: () => commit.opened })
    const batcher = new AppendBatcher(log, () => {})
    const events: string[] = []
    batcher.enqueue(update('a', events, 'a1'))
    batcher.enqueue(update('b', events, 'b1'))
    batcher.enqueue(update('a', events, 'a2'))
    expect(log.transactions).toHaveLength(0)
    await until(() => log.transactions.length === 1, 'the commit to start')
    await settle()
    expect(events).toEqual([])

    commit.open()
    await until(() => events.length === 3, 'the commit')
    expect(log.transactions.map((t) => t.map((i) => i.boardId))).toEqual([['a', 'b', 'a']])
    expect(events).toEqual(['a1 stored 1', 'b1 stored 1', 'a2 stored 2'])

    batcher.enqueue(update('a', events, 'a3'))
    await until(() => events.length === 4, 'the second commit')
    expect(log.transactions).toHaveLength(2)
  })

  it('commits one transaction at a time; what arrives meanwhile forms the next single batch', async () => {
    const first = gate()
    let held = true
    const log = recordingLog({ hold: () => (held ? first.opened : Promise.resolve()) })
    const batcher = new AppendBatcher(log, () => {})
    const events: string[] = []
    batcher.enqueue(update('a', events, 'first'))
    await until(() => log.transactions.length === 1, 'the first commit to start')
    for (let turn = 0; turn < 3; turn++) {
      batcher.enqueue(update('a', events, `later${turn}`))
      await settle(1)
    }
    expect(log.transactions).toHaveLength(1)
    held = false
    first.open()
    await batcher.drain()
    expect(log.transactions.map((t) => t.length)).toEqual([1, 3])
    expect(events).toEqual(['first stored 1', 'later0 stored 2', 'later1 stored 3', 'later2 stored 4'])
  })

  it('a snapshot item in a batch gets its result in its place among the updates', async () => {
    const log = recordingLog()
    const batcher = new AppendBatcher(log, () => {})
    const events: string[] = []
    batcher.enqueue(update('a', events, 'u1'))
    batcher.enqueue(snapshot('a', 1, events, 'snap'))
    batcher.enqueue(update('a', events, 'u2'))
    await batcher.drain()
    expect(log.transactions.map((t) => t.map((i) => i.kind))).toEqual([['update', 'snapshot', 'update']])
    expect(events).toEqual(['u1 stored 1', 'snap stored 2', 'u2 stored 3'])
  })

  it('a snapshot the log refuses as out of range is refused with that reason, and the rest of the batch is stored', async () => {
    const log = recordingLog()
    const batcher = new AppendBatcher(log, () => {})
    const events: string[] = []
    batcher.enqueue(snapshot('a', 5, events, 'snap'))
    batcher.enqueue(update('a', events, 'u1'))
    await batcher.drain()
    expect(events).toEqual([`snap refused ${RejectReason.snapshotOutOfRange}`, 'u1 stored 1'])
  })

  it('an item the log refuses for a full board or a full server is refused with that reason, and the rest of the batch is stored', async () => {
    const batcher = new AppendBatcher(recordingLog(), () => {})
    const events: string[] = []
    batcher.enqueue(update('full', events, 'u'))
    batcher.enqueue(snapshot('server-full', 0, events, 's'))
    batcher.enqueue(update('live', events, 'l'))
    await batcher.drain()
    expect(events).toEqual([`u refused ${RejectReason.boardFull}`, `s refused ${RejectReason.storageFull}`, 'l stored 1'])
  })

  it('an item whose board is gone is told so, and the rest of the batch is still acknowledged', async () => {
    const batcher = new AppendBatcher(recordingLog(), () => {})
    const events: string[] = []
    batcher.enqueue(update('deleted', events, 'd'))
    batcher.enqueue(snapshot('deleted', 0, events, 'ds'))
    batcher.enqueue(update('live', events, 'l'))
    await batcher.drain()
    expect(events).toEqual(['d gone', 'ds gone', 'l stored 1'])
  })

  it('a failed transaction fails every item in it, is logged once, and the next batch is tried afresh', async () => {
    let failing = true
    const log = recordingLog({ fail: () => failing })
    const lines: string[] = []
    const batcher = new AppendBatcher(log, (line) => void lines.push(line))
    const events: string[] = []
    batcher.enqueue(update('a', events, 'x'))
    batcher.enqueue(snapshot('a', 0, events, 's'))
    batcher.enqueue(update('b', events, 'y'))
    await batcher.drain()
    expect(events).toEqual(['x failed', 's failed', 'y failed'])
    expect(lines).toEqual(['relay: append of 3 item(s) failed, closing their sockets with 4503: disk I/O error'])

    failing = false
    batcher.enqueue(update('a', events, 'z'))
    await batcher.drain()
    expect(events.at(-1)).toBe('z stored 1')
  })

  it('queued and committing updates count toward their board’s tail until they land; snapshots do not', async () => {
    const commit = gate()
    const batcher = new AppendBatcher(recordingLog({ hold: () => commit.opened }), () => {})
    const events: string[] = []
    batcher.enqueue(update('a', events, 'x'))
    batcher.enqueue(update('a', events, 'y'))
    batcher.enqueue(snapshot('a', 0, events, 's'))
    expect(batcher.pendingTail('a')).toEqual({ updates: 2, bytes: 20 })
    expect(batcher.pendingTail('b')).toEqual({ updates: 0, bytes: 0 })
    await settle()
    expect(batcher.pendingTail('a')).toEqual({ updates: 2, bytes: 20 })
    commit.open()
    await batcher.drain()
    expect(batcher.pendingTail('a')).toEqual({ updates: 0, bytes: 0 })
  })

  it('a callback that throws is logged and does not keep the rest of the batch from being acknowledged', async () => {
    const lines: string[] = []
    const batcher = new AppendBatcher(recordingLog(), (line) => void lines.push(line))
    const events: string[] = []
    batcher.enqueue({
      ...update('a', events, 'bad'),
      stored: () => {
        throw new Error('socket exploded')
      },
    })
    batcher.enqueue(update('a', events, 'good'))
    await batcher.drain()
    expect(events).toEqual(['good stored 2'])
    expect(lines).toEqual(['relay: after a commit: socket exploded'])
  })
})
