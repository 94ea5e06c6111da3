/**
 * The frames of the faults a fuzzed client commits on purpose: snapshot
 * uploads gone wrong in each way the relay must refuse, and frames that
 * are broken on the wire.
 */
import { decodeClientFrame, encodeClientFrame, encodeServerFrame, type ClientFrame } from '../../../shared/frames.ts'
import { Limits } from '../../../shared/protocol.ts'
import type { BrokenFrame, SnapshotAction } from './actions.ts'

type Hello = Extract<ClientFrame, { tag: 'hello' }>
type Upload = { ref: number; coversSeq: number; keepSeqs: number[]; carriesChanges: boolean; parts: Uint8Array[] }

/** A snapshot upload as `fault` has it: begun, parts in order, as a client sends it — or not quite. */
export function snapshotUploadFrames(upload: Upload, fault: SnapshotAction['fault']): ClientFrame[] {
  const { ref, coversSeq, keepSeqs, carriesChanges, parts } = upload
  const frames: ClientFrame[] = []
  const partCount = fault === 'zeroParts' ? 0 : parts.length
  if (fault !== 'partWithoutBegin') frames.push({ tag: 'beginSnapshot', ref, coversSeq, partCount, carriesChanges, keepSeqs })
  const sent = fault === 'partsMissing' ? parts.slice(0, -1) : parts
  sent.forEach((bytes, index) => {
    const skipped = fault === 'partIndexSkips' && (index > 0 || parts.length === 1) ? index + 1 : index
    const partRef = fault === 'partOfAnotherRef' && index === parts.length - 1 ? ref + 1000 : ref
    frames.push({ tag: 'snapshotPart', ref: partRef, index: skipped, bytes })
  })
  if (fault === 'extraPart') frames.push({ tag: 'snapshotPart', ref, index: parts.length, bytes: parts[0]! })
  return frames
}

/** The bytes of a broken frame, and whether they go as a binary message; `hello` is a right one for the client's board. */
export function brokenFrameBytes(broken: BrokenFrame, hello: Hello): { bytes: Uint8Array; isBinary: boolean } {
  const binary = (bytes: Uint8Array) => ({ bytes, isBinary: true })
  if (broken === 'truncatedHello') return binary(encodeClientFrame(hello).subarray(0, 12))
  if (broken === 'oversizedBeforeHello') return binary(encodeClientFrame({ ...hello, accessToken: new Uint8Array(Limits.maxHelloBytes) }))
  if (broken === 'oversizedFrame')
    return binary(encodeClientFrame({ tag: 'pushUpdate', ref: 0, sealed: new Uint8Array(Limits.maxFrameBytes) }))
  if (broken === 'textFrame') return { bytes: encodeClientFrame({ tag: 'ping', pingId: 1 }), isBinary: false }
  if (broken === 'serverFrame') return binary(encodeServerFrame({ tag: 'ack', ref: 1, seq: 1 }))
  if (broken === 'emptyFrame') return binary(new Uint8Array(0))
  if (broken === 'helloAgain') return binary(encodeClientFrame(hello))
  return binary(withoutPayload(broken.garbage))
}

/**
 * Garbage that happens to decode as a frame carrying a payload would be a
 * payload without the header the checks read; behind an unknown tag it
 * stays garbage.
 */
function withoutPayload(garbage: Uint8Array): Uint8Array {
  try {
    const frame = decodeClientFrame(garbage)
    if (frame.tag === 'hello' || frame.tag === 'ping' || frame.tag === 'beginSnapshot') return garbage
  } catch {
    return garbage
  }
  return Uint8Array.from([0x7f, ...garbage])
}
