/**
 * The log mirror as it is kept on the device: one binary record holding the
 * mirror's content and the seqs that content covers, so they are written
 * and read back together or not at all (a seq without its content would
 * push the whole board again, or post a snapshot missing entries).
 *
 * Layout, lib0 varUints unless said otherwise:
 *   format (1), board id (varString), knownSeq, snapshotSeq, snapshotCovers,
 *   unreadableSnapshot (0 or 1), count + seqs seen ahead of knownSeq,
 *   count + (seq, sealed bytes) of the tail, count + unreadable seqs,
 *   the mirror's state as one Yjs update (varUint8Array). Nothing after it.
 *
 * What IndexedDB gives back may be corrupt, from another version, or put
 * there by someone else: it is read strictly, and anything wrong is an error
 * (the caller then starts from nothing, as a fresh device does).
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { readCount, readUint } from '../../shared/frameCodec.ts'
import type { MirrorPicture } from './logMirror.ts'

/** Bumped whenever the layout changes: a record of another format is not read. */
export const MIRROR_RECORD_FORMAT = 1

export function encodeMirrorRecord(boardId: string, picture: MirrorPicture): ArrayBuffer {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MIRROR_RECORD_FORMAT)
  encoding.writeVarString(encoder, boardId)
  encoding.writeVarUint(encoder, picture.knownSeq)
  encoding.writeVarUint(encoder, picture.snapshotSeq)
  encoding.writeVarUint(encoder, picture.snapshotCovers)
  encoding.writeVarUint(encoder, picture.unreadableSnapshot ? 1 : 0)
  writeSeqs(encoder, picture.seenAhead)
  encoding.writeVarUint(encoder, picture.tail.length)
  for (const { seq, bytes } of picture.tail) {
    encoding.writeVarUint(encoder, seq)
    encoding.writeVarUint(encoder, bytes)
  }
  writeSeqs(encoder, picture.unreadable)
  encoding.writeVarUint8Array(encoder, picture.state)
  const bytes = encoding.toUint8Array(encoder)
  // Its own buffer, exactly as long as the record: what IndexedDB stores is the whole ArrayBuffer.
  return bytes.slice().buffer
}

/** The picture a kept record holds, for `boardId`; throws, saying why, on anything it would not have written. */
export function decodeMirrorRecord(boardId: string, value: unknown): MirrorPicture {
  if (!(value instanceof ArrayBuffer)) throw new Error('the kept record is not binary')
  const bytes = new Uint8Array(value)
  const decoder = decoding.createDecoder(bytes)
  const format = readUint(decoder)
  if (format !== MIRROR_RECORD_FORMAT) throw new Error(`the kept record is of format ${format}, not ${MIRROR_RECORD_FORMAT}`)
  const keptFor = decoding.readVarString(decoder)
  if (keptFor !== boardId) throw new Error('the kept record is of another board')
  const knownSeq = readUint(decoder)
  const snapshotSeq = readUint(decoder)
  const snapshotCovers = readUint(decoder)
  const unreadableFlag = readUint(decoder)
  if (unreadableFlag > 1) throw new Error('the kept record has a malformed flag')
  const seenAhead = readSeqs(decoder, bytes.length, 'seqs seen ahead')
  const tailCount = readCount(decoder, bytes.length, 'tail entries')
  const tail: { seq: number; bytes: number }[] = []
  for (let i = 0; i < tailCount; i++) tail.push({ seq: readUint(decoder), bytes: readUint(decoder) })
  const unreadable = readSeqs(decoder, bytes.length, 'unreadable seqs')
  const state = decoding.readVarUint8Array(decoder)
  if (decoding.hasContent(decoder)) throw new Error('the kept record has trailing bytes')
  const picture: MirrorPicture = {
    state: state.slice(),
    knownSeq,
    seenAhead,
    snapshotSeq,
    snapshotCovers,
    tail,
    unreadable,
    unreadableSnapshot: unreadableFlag === 1,
  }
  checkConsistent(picture)
  return picture
}

/**
 * What a mirror itself keeps true: every seq it names has been seen (is at
 * or below knownSeq, or among those seen ahead), a snapshot covers nothing
 * past knownSeq, and no seq is listed twice. A record that breaks one was
 * not written by a mirror.
 */
function checkConsistent(picture: MirrorPicture): void {
  const { knownSeq, seenAhead, snapshotSeq, snapshotCovers, tail, unreadable } = picture
  const ahead = new Set(seenAhead)
  const seen = (seq: number) => (seq >= 1 && seq <= knownSeq) || ahead.has(seq)
  if (ahead.size !== seenAhead.length || seenAhead.some((seq) => seq <= knownSeq + 1)) {
    throw new Error('the kept record lists seqs seen ahead that are not ahead')
  }
  if (snapshotSeq === 0 ? snapshotCovers !== 0 : !seen(snapshotSeq) || snapshotCovers > knownSeq) {
    throw new Error('the kept record names a snapshot it has not seen')
  }
  if (new Set(tail.map((entry) => entry.seq)).size !== tail.length || !tail.every((entry) => seen(entry.seq))) {
    throw new Error('the kept record has a tail it has not seen')
  }
  if (new Set(unreadable).size !== unreadable.length || !unreadable.every(seen)) {
    throw new Error('the kept record lists unreadable seqs it has not seen')
  }
  // Whether the content is a Yjs update is found by applying it (LogMirror.restore), not decoded twice here.
}

function writeSeqs(encoder: encoding.Encoder, seqs: readonly number[]): void {
  encoding.writeVarUint(encoder, seqs.length)
  for (const seq of seqs) encoding.writeVarUint(encoder, seq)
}

function readSeqs(decoder: decoding.Decoder, maxCount: number, what: string): number[] {
  const count = readCount(decoder, maxCount, what)
  const seqs: number[] = []
  for (let i = 0; i < count; i++) seqs.push(readUint(decoder))
  return seqs
}
