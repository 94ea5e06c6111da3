import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { deriveBoardKeys, generateBoardId, generateBoardSecret } from '../../../shared/crypto.ts'
import { decodeClientFrame, type ClientFrame } from '../../../shared/frames.ts'
import { MAX_UPDATE_PLAINTEXT_BYTES } from '../../../shared/protocol.ts'
import { LogMirror } from '../../../client/sync/logMirror.ts'
import { PushQueue } from '../../../client/sync/pushQueue.ts'
import { SealedOutbox } from '../../../client/sync/sealedOutbox.ts'
import { until } from '../../kit/waits.ts'

function noteUpdate(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getArray('notes').push([text])
  return Y.encodeStateAsUpdate(doc)
}

function pushQueue() {
  const boardId = generateBoardId()
  const keys = deriveBoardKeys(boardId, generateBoardSecret())
  const sent: ClientFrame[] = []
  const mirror = new LogMirror()
  let ref = 1
  let snapshotsAsked = 0
  const outbox = new SealedOutbox(
    boardId,
    keys,
    (bytes) => sent.push(decodeClientFrame(bytes)),
    (error) => {
      throw error
    },
  )
  const queue = new PushQueue({
    mirror,
    outbox,
    nextRef: () => ref++,
    changed: () => {},
    needsSnapshot: () => snapshotsAsked++,
  })
  const pushes = () => sent.filter((frame) => frame.tag === 'pushUpdate')
  return { queue, mirror, pushes, snapshotsAsked: () => snapshotsAsked }
}

const notes = (mirror: LogMirror) => mirror.doc.getArray('notes').toArray()

describe('the push queue', () => {
  it('puts a change in the log mirror only when the server acks it', async () => {
    const { queue, mirror, pushes } = pushQueue()
    queue.push(noteUpdate('mine'))
    await until(() => pushes().length === 1, 'the push')
    expect(notes(mirror)).toEqual([])
    expect(queue.count).toBe(1)
    expect(queue.acknowledged(pushes()[0]!.ref, 1)).toBe(true)
    expect(notes(mirror)).toEqual(['mine'])
    expect(mirror.knownSeq).toBe(1)
    expect(queue.count).toBe(0)
  })

  it('does not take an ack of a ref it never sent as its own', async () => {
    const { queue } = pushQueue()
    expect(queue.acknowledged(99, 1)).toBe(false)
  })

  it('keeps a change larger than one frame for a snapshot to carry, unsent and unsaved', async () => {
    const { queue, pushes, snapshotsAsked } = pushQueue()
    const doc = new Y.Doc()
    doc.getText('essay').insert(0, 'x'.repeat(MAX_UPDATE_PLAINTEXT_BYTES + 1))
    queue.push(Y.encodeStateAsUpdate(doc))
    await until(() => snapshotsAsked() === 1, 'a snapshot to be asked for')
    expect(pushes()).toEqual([])
    expect(queue.count).toBe(1)
    expect(queue.hasCarried).toBe(true)
    expect(queue.takeCarried()).toHaveLength(1)
  })

  it('moves a change refused by a full log to the next snapshot', async () => {
    const { queue, pushes, snapshotsAsked } = pushQueue()
    queue.push(noteUpdate('refused'))
    await until(() => pushes().length === 1, 'the push')
    expect(queue.refusedForRoom(pushes()[0]!.ref)).toBe(true)
    expect(snapshotsAsked()).toBe(1)
    expect(queue.count).toBe(1)
    expect(queue.takeCarried()).toHaveLength(1)
  })

  it('sends carried changes again as updates when their snapshot is refused', async () => {
    const { queue, pushes } = pushQueue()
    queue.returnCarried([noteUpdate('again')])
    await until(() => pushes().length === 1, 'the push')
    expect(queue.count).toBe(1)
  })
})
