/**
 * A board's server log built from random steps, and what it should add up
 * to. Three writers edit their own docs (now and then catching up with the
 * log first) and push each edit as an update; some entries are garbage (no
 * key opens them, or they open to bytes that are no Yjs update); now and
 * then a writer stores a snapshot covering part of the log, with changes of
 * its own or not, keeping the entries it could not read — as
 * client/sync/snapshotPoster.ts does.
 *
 * The truth is every readable update and every carried change applied in
 * seq order; a device's mirror must end up with the same board.
 */
import fc from 'fast-check'
import * as Y from 'yjs'
import { SEAL_OVERHEAD_BYTES } from '../../../shared/protocol.ts'
import { boardEdit, docOf, makeEdit, type BoardEdit } from './boardEdits.ts'

export type LogStep =
  | { step: 'update'; writer: number; edit: BoardEdit; catchUp: boolean }
  | { step: 'garbage'; kind: 'undecryptable' | 'notAnUpdate' }
  /** `reach` 0–100: how far past the latest snapshot its coversSeq goes, as a share of the log after it. */
  | { step: 'snapshot'; writer: number; reach: number; carried: BoardEdit | null }

export type UpdateItem = {
  kind: 'update'
  seq: number
  /** What a device gets once the sealed bytes are opened; null when they cannot be (no key opens them). */
  opened: Uint8Array | null
  readable: boolean
  sealedBytes: number
}
export type SnapshotItem = {
  kind: 'snapshot'
  seq: number
  coversSeq: number
  keepSeqs: number[]
  content: Uint8Array
  carried: Uint8Array[]
}
export type LogItem = UpdateItem | SnapshotItem

/** Bytes that no Yjs update starts with: a doc refuses them. */
const NOT_AN_UPDATE = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
const WRITERS = 3

export const logStep: fc.Arbitrary<LogStep> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ step: fc.constant('update' as const), writer: fc.nat(WRITERS - 1), edit: boardEdit, catchUp: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      step: fc.constant('garbage' as const),
      kind: fc.constantFrom('undecryptable' as const, 'notAnUpdate' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      step: fc.constant('snapshot' as const),
      writer: fc.nat(WRITERS - 1),
      reach: fc.nat(100),
      carried: fc.option(boardEdit, { nil: null }),
    }),
  },
)

export class ModelLog {
  readonly items: LogItem[] = []
  /** Every change the board holds, in seq order: readable updates, and what snapshots carried. */
  readonly #changes: { seq: number; update: Uint8Array }[] = []

  constructor(steps: readonly LogStep[]) {
    const writers = Array.from({ length: WRITERS }, (_, i) => docOf(i + 1))
    for (const step of steps) {
      const seq = this.items.length + 1
      if (step.step === 'garbage') {
        const opened = step.kind === 'notAnUpdate' ? NOT_AN_UPDATE : null
        this.items.push({ kind: 'update', seq, opened, readable: false, sealedBytes: 40 })
        continue
      }
      const writer = writers[step.writer]!
      if (step.step === 'update') {
        if (step.catchUp) for (const { update } of this.#changes) Y.applyUpdate(writer, update)
        const update = makeEdit(writer, step.edit)
        if (update === null) continue
        this.items.push({ kind: 'update', seq, opened: update, readable: true, sealedBytes: update.byteLength + SEAL_OVERHEAD_BYTES })
        this.#changes.push({ seq, update })
        continue
      }
      this.#snapshot(seq, writer, step)
    }
  }

  get head(): number {
    return this.items.length
  }

  /** The board with everything in it. */
  truth(): Y.Doc {
    const doc = new Y.Doc()
    for (const { update } of this.#changes) Y.applyUpdate(doc, update)
    return doc
  }

  latestSnapshotAt(time: number): SnapshotItem | null {
    const snapshots = this.items.slice(0, time).filter((item): item is SnapshotItem => item.kind === 'snapshot')
    return snapshots.at(-1) ?? null
  }

  /** The updates the server's log holds once `time` entries were appended: those no snapshot stored by then dropped. */
  updatesAt(time: number): UpdateItem[] {
    const seen = this.items.slice(0, time)
    const snapshots = seen.filter((item): item is SnapshotItem => item.kind === 'snapshot')
    return seen.filter(
      (item): item is UpdateItem =>
        item.kind === 'update' && !snapshots.some((s) => s.coversSeq >= item.seq && !s.keepSeqs.includes(item.seq)),
    )
  }

  /**
   * A snapshot as a poster makes it: the board as the log held it up to
   * coversSeq (the latest snapshot included), plus the poster's own change
   * when it carries one; the entries it could not read are kept.
   */
  #snapshot(seq: number, writer: Y.Doc, step: Extract<LogStep, { step: 'snapshot' }>): void {
    const latest = this.latestSnapshotAt(seq - 1)?.seq ?? 0
    const coversSeq = latest + Math.floor(((seq - 1 - latest) * step.reach) / 100)
    const keepSeqs = this.items.filter((item) => item.kind === 'update' && !item.readable && item.seq <= coversSeq).map((item) => item.seq)
    const board = new Y.Doc()
    for (const change of this.#changes) if (change.seq <= coversSeq) Y.applyUpdate(board, change.update)
    const carried: Uint8Array[] = []
    if (step.carried !== null) {
      Y.applyUpdate(writer, Y.encodeStateAsUpdate(board))
      const change = makeEdit(writer, step.carried)
      if (change !== null) carried.push(change)
    }
    const content = carried.length > 0 ? Y.mergeUpdates([Y.encodeStateAsUpdate(board), ...carried]) : Y.encodeStateAsUpdate(board)
    this.items.push({ kind: 'snapshot', seq, coversSeq, keepSeqs, content, carried })
    for (const update of carried) this.#changes.push({ seq, update })
  }
}
