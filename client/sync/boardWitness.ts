/**
 * What this device can tell of the server's honesty, from what devices sign.
 * It numbers and signs this device's changes and snapshots (its counter only
 * ever grows, across reloads too: see `nextCounter`), counts how far it holds
 * each other device's signed changes, and publishes its heads (shared/heads.ts)
 * in its presence. From the other devices' verified heads it knows:
 *
 * - `behind`: a device online says it holds changes this device still lacks
 *   after `lagMs` while connected (withheld or dropped by the server, or a
 *   rolled-back or doctored copy this device was served);
 * - `lacking`: a device online still lacks changes the log holds as this
 *   device knows it; this device sends them again, once per episode;
 * - `seenBy`: devices holding everything this device holds.
 *
 * It is told by the transport when a replay or a snapshot lacked what this
 * device held (`noteRollback`). It imports only shared/ and libraries; the
 * app answers `keyOf` from the devices it believes.
 */
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { headsBytes, readHeads, signHeads, type Heads, type SignedHeads } from '../../shared/heads.ts'
import {
  signSnapshot,
  signUpdate,
  snapshotSignedBytes,
  updateSignedBytes,
  type Counters,
  type SnapshotEnvelope,
  type UpdateEnvelope,
} from '../../shared/signedEnvelope.ts'
import { verifyBytes, type Signer, type SigningAlg } from '../../shared/signing.ts'
import type { SealedKind } from '../../shared/protocol.ts'
import { stateDigest } from '../../shared/stateDigest.ts'
import type { LogMirror } from './logMirror.ts'

/** A device's key as the app believes it (from the board's device records), and whose it is. */
export type DeviceKey = { alg: SigningAlg; publicKey: Uint8Array; personId: string }

/** What the app hands the sync layer so this device signs, and checks what others sign. */
export type Provenance = {
  signer: Promise<Signer | null>
  /** The key of a device on the board this device believes; null for one it does not know (yet) or does not believe. */
  keyOf(deviceId: string): DeviceKey | null
}

/** How a copy served to this device was found to lack what it held. */
export type Rollback = 'older-log' | 'snapshot-lacking'

export type PeerDevice = { deviceId: string; personId: string }

export type WitnessOptions = {
  boardId: string
  doc: Y.Doc
  awareness: Awareness
  mirror: LogMirror
  serverNow(): number
  provenance?: Provenance
  /** How long a device's changes may take to arrive before the board says so. */
  lagMs?: number
  /** How often heads are published while connected (and at most this long after a change, debounced below it). */
  headsEveryMs?: number
}

/** The stated time: a partner's changes that have not arrived after this long are named. */
export const LAG_MS = 10_000
const HEADS_EVERY_MS = 4_000
const HEADS_AFTER_CHANGE_MS = 400
const MAX_PENDING_CHECKS = 500
/**
 * A device still lacking what the log holds is sent it again after half as
 * long again as the stated time: the server's ordinary path gets its chance
 * first, and the device lacking it has said so on its own screen.
 */
const RESEND_AFTER_LAGS = 1.5

type PeerHeads = SignedHeads & { clientId: number }

/** True when every clock of `needed` is within `held`. */
function covers(held: Record<string, number>, needed: Record<string, number>): boolean {
  return Object.entries(needed).every(([client, clock]) => (held[client] ?? 0) >= clock)
}

function stateVectorOf(encoded: Uint8Array): Record<string, number> {
  return Object.fromEntries([...Y.decodeStateVector(encoded)].map(([client, clock]) => [String(client), clock]))
}

export class BoardWitness {
  readonly #options: WitnessOptions
  readonly #lagMs: number
  readonly #signer: Promise<Signer | null>
  #ownDeviceId: string | null = null
  #written = 0
  readonly #seen = new Map<string, number>()
  readonly #peers = new Map<number, PeerHeads>()
  readonly #behindSince = new Map<string, number>()
  readonly #lackingSince = new Map<string, number>()
  readonly #resentTo = new Set<string>()
  #pendingChecks: (() => Promise<boolean>)[] = []
  #digest = ''
  /** Whether the doc changed since #digest was computed: the digest reads the whole board, so it is not redone for nothing. */
  #digestStale = true
  /** What the heads last put in presence said (all but their time); unchanged heads are not signed again. */
  #publishedHeads = ''
  #publishing: Promise<void> | null = null
  #publishAgain = false
  #connected = false
  #rollback: Rollback | null = null
  #behind: PeerDevice[] = []
  #lacking: PeerDevice[] = []
  #seenBy: PeerDevice[] = []
  #resend: ((update: Uint8Array) => void) | null = null
  #headsTimer: ReturnType<typeof setTimeout> | null = null
  #everyTimer: ReturnType<typeof setInterval> | null = null
  #lagTimer: ReturnType<typeof setTimeout> | null = null
  readonly #listeners = new Set<() => void>()
  readonly #onDocUpdate = () => {
    this.#digestStale = true
    this.#changed()
  }
  readonly #onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    for (const id of removed) this.#peers.delete(id)
    for (const id of [...added, ...updated]) if (id !== this.#options.awareness.clientID) void this.#readPeer(id)
    if (removed.length > 0) this.#evaluate()
  }

  constructor(options: WitnessOptions) {
    this.#options = options
    this.#lagMs = options.lagMs ?? LAG_MS
    this.#signer = (options.provenance?.signer ?? Promise.resolve(null)).catch(() => null)
    void this.#signer.then((signer) => (this.#ownDeviceId = signer?.deviceId ?? null))
    options.doc.on('update', this.#onDocUpdate)
    options.awareness.on('change', this.#onAwareness)
  }

  /** The highest counter of this device's signed changes sent in this session; 0 before the first. */
  get written(): number {
    return this.#written
  }

  get rollback(): Rollback | null {
    return this.#rollback
  }

  /** Devices online whose changes have not reached this device within the stated time. */
  get behind(): readonly PeerDevice[] {
    return this.#behind
  }

  /** Devices online still lacking what the log holds as this device knows it, after the stated time. */
  get lacking(): readonly PeerDevice[] {
    return this.#lacking
  }

  /** Devices online whose verified heads say they hold everything this device holds. */
  get seenBy(): readonly PeerDevice[] {
    return this.#seenBy
  }

  /** Verified heads of the devices online, by device id. */
  get peerHeads(): ReadonlyMap<string, SignedHeads> {
    return new Map([...this.#peers.values()].map((heads) => [heads.deviceId, heads]))
  }

  /** The digest of this device's copy as last published ('' before the first). */
  get digest(): string {
    return this.#digest
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * The next counter of this device: never below the last one, and never
   * below the wall clock in microseconds, so a reload (which forgets the last
   * one) still goes forward unless the device's clock was set back.
   */
  nextCounter(): number {
    this.#written = Math.max(this.#written + 1, Date.now() * 1000)
    return this.#written
  }

  /** This device's change as sealed: signed with the next counter, or plain where this device does not sign. */
  async wrapChange(update: Uint8Array): Promise<{ kind: SealedKind; plaintext: Uint8Array }> {
    const signer = await this.#signer
    if (signer === null) return { kind: 'update', plaintext: update }
    return { kind: 'signedUpdate', plaintext: await signUpdate(signer, this.#options.boardId, this.nextCounter(), update) }
  }

  /** A snapshot as sealed: signed, with the counters it covers, or plain where this device does not sign. */
  async wrapSnapshot(state: Uint8Array, coversSeq: number): Promise<{ kind: SealedKind; plaintext: Uint8Array }> {
    const signer = await this.#signer
    if (signer === null) return { kind: 'snapshot', plaintext: state }
    const covers: Counters = Object.fromEntries(this.#seen)
    if (this.#written > 0) covers[signer.deviceId] = this.#written
    const fields = { covers, coversSeq, at: this.#options.serverNow(), state }
    return { kind: 'signedSnapshot', plaintext: await signSnapshot(signer, this.#options.boardId, fields) }
  }

  /** True once `deviceId`'s key is known here, so its change can be checked before it is applied. */
  knows(deviceId: string): boolean {
    return this.#options.provenance?.keyOf(deviceId) != null
  }

  /**
   * Checks a signed change; a valid one counts as seen. A change from a
   * device not known yet (its first change carries its own record) is
   * checked again later.
   */
  async checkChange(envelope: UpdateEnvelope): Promise<boolean> {
    const check = async () => {
      const key = this.#options.provenance?.keyOf(envelope.deviceId)
      if (!key) return false
      const data = updateSignedBytes(this.#options.boardId, envelope.deviceId, envelope.counter, envelope.update)
      if (!(await verifyBytes(key.alg, key.publicKey, envelope.signature, data))) return false
      this.#noteSeen(envelope.deviceId, envelope.counter)
      return true
    }
    const valid = await check()
    if (!valid && !this.knows(envelope.deviceId)) this.#checkLater(check)
    return valid
  }

  /** Checks a signed snapshot served as covering `coversSeq`; a valid one counts what it covers as seen. */
  async checkSnapshot(envelope: SnapshotEnvelope, coversSeq: number): Promise<boolean> {
    const check = async () => {
      const key = this.#options.provenance?.keyOf(envelope.deviceId)
      if (!key || envelope.coversSeq !== coversSeq) return false
      if (!(await verifyBytes(key.alg, key.publicKey, envelope.signature, snapshotSignedBytes(this.#options.boardId, envelope))))
        return false
      for (const [deviceId, counter] of Object.entries(envelope.covers)) this.#noteSeen(deviceId, counter)
      return true
    }
    const valid = await check()
    if (!valid && !this.knows(envelope.deviceId)) this.#checkLater(check)
    return valid
  }

  /** A replay or snapshot lacked what this device held: named on screen; the transport sends the rest back. */
  noteRollback(kind: Rollback): void {
    this.#rollback = kind
    this.#notify()
  }

  /**
   * The connection is caught up (with the way to send changes again to the
   * log), or (null) is gone: heads are published, and lags timed, only while
   * connected.
   */
  setConnection(resend: ((update: Uint8Array) => void) | null): void {
    this.#resend = resend
    this.#connected = resend !== null
    if (this.#everyTimer !== null) clearInterval(this.#everyTimer)
    this.#everyTimer = null
    if (this.#connected) {
      this.#publishedHeads = ''
      this.#everyTimer = setInterval(() => this.#tick(), this.#options.headsEveryMs ?? HEADS_EVERY_MS)
      void this.#publish()
    } else {
      this.#behindSince.clear()
      this.#lackingSince.clear()
    }
    this.#evaluate()
  }

  destroy(): void {
    this.setConnection(null)
    for (const timer of [this.#headsTimer, this.#lagTimer]) if (timer !== null) clearTimeout(timer)
    this.#options.doc.off('update', this.#onDocUpdate)
    this.#options.awareness.off('change', this.#onAwareness)
    this.#listeners.clear()
  }

  #tick(): void {
    void this.#retryChecks()
    void this.#publish()
  }

  #changed(): void {
    this.#evaluate()
    if (!this.#connected || this.#headsTimer !== null) return
    this.#headsTimer = setTimeout(() => {
      this.#headsTimer = null
      void this.#publish()
    }, HEADS_AFTER_CHANGE_MS)
  }

  #noteSeen(deviceId: string, counter: number): void {
    if (counter > (this.#seen.get(deviceId) ?? 0)) this.#seen.set(deviceId, counter)
  }

  #checkLater(check: () => Promise<boolean>): void {
    if (this.#pendingChecks.length < MAX_PENDING_CHECKS) this.#pendingChecks.push(check)
  }

  async #retryChecks(): Promise<void> {
    const checks = this.#pendingChecks
    this.#pendingChecks = []
    const results = await Promise.all(checks.map((check) => check()))
    // Checks still unanswerable wait for the next round; a key that became known and said no is done with.
    if (results.some(Boolean)) this.#evaluate()
  }

  /**
   * One publication at a time: a change and the timer can ask at once, and two running together would sign
   * the same change twice (one with the digest not yet taken). A request while one runs runs once more after it.
   */
  #publish(): Promise<void> {
    if (this.#publishing !== null) {
      this.#publishAgain = true
      return this.#publishing
    }
    const run = async () => {
      do {
        this.#publishAgain = false
        await this.#publishOnce()
      } while (this.#publishAgain)
    }
    this.#publishing = run().finally(() => (this.#publishing = null))
    return this.#publishing
  }

  async #publishOnce(): Promise<void> {
    const signer = await this.#signer
    const { doc, awareness, boardId, provenance } = this.#options
    if (this.#digestStale) {
      this.#digestStale = false
      const digest = await stateDigest(doc)
      const changed = digest !== this.#digest
      this.#digest = digest
      if (changed) this.#notify()
    }
    this.#evaluate()
    const personId = signer && provenance?.keyOf(signer.deviceId)?.personId
    if (!this.#connected || !signer || !personId) return
    const heads: Heads = {
      deviceId: signer.deviceId,
      personId,
      written: this.#written,
      seen: Object.fromEntries(this.#seen),
      stateVector: stateVectorOf(Y.encodeStateVector(doc)),
      stateDigest: this.#digest,
      at: 0,
    }
    // The same heads signed again would tell the others nothing new; a reconnect publishes them afresh.
    const said = JSON.stringify(heads)
    if (said === this.#publishedHeads) return
    this.#publishedHeads = said
    awareness.setLocalStateField('heads', await signHeads(signer, boardId, { ...heads, at: this.#options.serverNow() }))
  }

  /** A peer's heads, checked against the key of the device they name: believed only when signed by it, for the person it belongs to. */
  async #readPeer(clientId: number): Promise<void> {
    const heads = readHeads(this.#options.awareness.getStates().get(clientId)?.heads)
    if (heads === null || heads.deviceId === this.#ownDeviceId) return
    const key = this.#options.provenance?.keyOf(heads.deviceId)
    if (!key || key.personId !== heads.personId) return
    if (!(await verifyBytes(key.alg, key.publicKey, heads.signature, headsBytes(this.#options.boardId, heads)))) return
    const known = this.#peers.get(clientId)
    // Heads replayed from before are never taken over newer ones.
    if (known && known.deviceId === heads.deviceId && known.at > heads.at) return
    this.#peers.set(clientId, { ...heads, clientId })
    this.#evaluate()
    // Their digest may have changed without changing who is behind: "the same board" is read again.
    this.#notify()
  }

  #evaluate(): void {
    const now = Date.now()
    const held = stateVectorOf(Y.encodeStateVector(this.#options.doc))
    const logged = stateVectorOf(this.#options.mirror.stateVector())
    const behind: PeerDevice[] = []
    const lacking: PeerDevice[] = []
    const seenBy: PeerDevice[] = []
    const stillBehind = new Set<string>()
    const stillLacking = new Set<string>()
    let nextDue = Infinity
    const due = (since: Map<string, number>, deviceId: string, still: Set<string>, after: number): boolean => {
      still.add(deviceId)
      const from = since.get(deviceId) ?? now
      since.set(deviceId, from)
      if (now - from >= after) return true
      nextDue = Math.min(nextDue, from + after)
      return false
    }
    for (const heads of this.#peers.values()) {
      const peer = { deviceId: heads.deviceId, personId: heads.personId }
      // Deletions leave the state vector as it was: the counter (and the digest) tell of them.
      const missing =
        !covers(held, heads.stateVector) ||
        (heads.written > (this.#seen.get(heads.deviceId) ?? 0) && this.#digest !== '' && heads.stateDigest !== this.#digest)
      if (this.#connected && missing && due(this.#behindSince, heads.deviceId, stillBehind, this.#lagMs)) behind.push(peer)
      if (
        this.#connected &&
        !covers(heads.stateVector, logged) &&
        due(this.#lackingSince, heads.deviceId, stillLacking, this.#lagMs * RESEND_AFTER_LAGS)
      ) {
        lacking.push(peer)
        this.#sendAgainTo(heads)
      }
      if (covers(heads.stateVector, held) && (this.#ownDeviceId === null || (heads.seen[this.#ownDeviceId] ?? 0) >= this.#written))
        seenBy.push(peer)
    }
    for (const deviceId of this.#behindSince.keys()) if (!stillBehind.has(deviceId)) this.#behindSince.delete(deviceId)
    for (const deviceId of this.#lackingSince.keys()) {
      if (stillLacking.has(deviceId)) continue
      this.#lackingSince.delete(deviceId)
      this.#resentTo.delete(deviceId)
    }
    if (this.#lagTimer !== null) clearTimeout(this.#lagTimer)
    this.#lagTimer = nextDue === Infinity ? null : setTimeout(() => this.#evaluate(), nextDue - now + 5)
    const before = JSON.stringify([this.#behind, this.#lacking, this.#seenBy])
    this.#behind = behind
    this.#lacking = lacking
    this.#seenBy = seenBy
    if (JSON.stringify([behind, lacking, seenBy]) !== before) this.#notify()
  }

  /** What the log lacks for a device that still lacks it: sent again through the server, once per episode. */
  #sendAgainTo(heads: SignedHeads): void {
    if (this.#resentTo.has(heads.deviceId) || this.#resend === null) return
    this.#resentTo.add(heads.deviceId)
    const theirs = new Map(Object.entries(heads.stateVector).map(([client, clock]) => [Number(client), clock]))
    this.#resend(Y.encodeStateAsUpdate(this.#options.mirror.doc, Y.encodeStateVector(theirs)))
  }

  #notify(): void {
    for (const listener of this.#listeners) listener()
  }
}
