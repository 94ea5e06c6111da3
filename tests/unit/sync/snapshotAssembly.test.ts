import { describe, expect, it } from 'vitest'
import type { ServerFrame } from '../../../shared/frames.ts'
import { CloseCode, ProtocolError } from '../../../shared/protocol.ts'
import { SnapshotAssembly } from '../../../client/sync/snapshotAssembly.ts'

type Part = Extract<ServerFrame, { tag: 'snapshotPart' }>

const part = (seq: number, index: number, partCount: number, bytes: number[]): Part => ({
  tag: 'snapshotPart',
  seq,
  coversSeq: seq - 1,
  index,
  partCount,
  bytes: new Uint8Array(bytes),
})

function expectProtocolError(add: () => unknown): void {
  let thrown: unknown
  try {
    add()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(ProtocolError)
  expect((thrown as ProtocolError).closeCode).toBe(CloseCode.protocolError)
}

describe('snapshot assembly', () => {
  it('joins the parts in order and gives the snapshot at its last part', () => {
    const assembly = new SnapshotAssembly()
    expect(assembly.add(part(9, 0, 3, [1, 2]))).toBeNull()
    expect(assembly.add(part(9, 1, 3, [3]))).toBeNull()
    const snapshot = assembly.add(part(9, 2, 3, [4, 5]))
    expect(snapshot).toEqual({ seq: 9, coversSeq: 8, sealed: new Uint8Array([1, 2, 3, 4, 5]) })
  })

  it('gives a one-part snapshot at once, and starts afresh after each snapshot', () => {
    const assembly = new SnapshotAssembly()
    expect(assembly.add(part(4, 0, 1, [7]))?.sealed).toEqual(new Uint8Array([7]))
    expect(assembly.add(part(6, 0, 2, [1]))).toBeNull()
    expect(assembly.add(part(6, 1, 2, [2]))?.seq).toBe(6)
  })

  it('treats a part out of order as a protocol error', () => {
    expectProtocolError(() => new SnapshotAssembly().add(part(9, 1, 3, [1])))
    const skipped = new SnapshotAssembly()
    skipped.add(part(9, 0, 3, [1]))
    expectProtocolError(() => skipped.add(part(9, 2, 3, [1])))
    const repeated = new SnapshotAssembly()
    repeated.add(part(9, 0, 3, [1]))
    expectProtocolError(() => repeated.add(part(9, 0, 3, [1])))
  })

  it('treats a part of another snapshot before the last one ended as a protocol error', () => {
    const assembly = new SnapshotAssembly()
    assembly.add(part(9, 0, 2, [1]))
    expectProtocolError(() => assembly.add(part(10, 1, 2, [2])))
  })

  it('treats a part past the count it announced as a protocol error', () => {
    expectProtocolError(() => new SnapshotAssembly().add(part(9, 0, 0, [1])))
  })
})
