/**
 * The board's devices as this device believes them, and the verdict on any
 * claim, for the screen: re-assessed whenever a device record or a
 * confirmation changes, each signature checked once and remembered (on the
 * device too, so a reload checks nothing again), and a verdict read
 * synchronously (`checking` until its check is done, then the reader reads
 * again). Checks wait in a CheckQueue: newest first, a batch at a time, one
 * re-read per batch. Node and tests use `check`, which waits.
 */
import type * as Y from 'yjs'
import type { Signer } from '../../shared/signing.ts'
import { readClaim, type ClaimField, type ClaimKind } from './claims.ts'
import { CheckQueue } from './checkQueue.ts'
import { CHECKING, rememberedKey, signatureKey, UNSIGNED, verdictOf, verifySignature, type Verdict } from './claimCheck.ts'
import { assessDevices, NO_PINS, type AssessedDevice, type Pins } from './deviceTrust.ts'
import { confirmationsMap, devicesMap, readConfirmations, readDevices } from './devices.ts'

/** Where pins are kept: the device store in the browser, memory in Node. */
export type PinStore = { load(): Promise<unknown>; save(pins: Pins): Promise<void> }

/** Where valid signatures are remembered, by rememberedKey: the device store in the browser (read once per open), memory in Node. */
export type VerifiedStore = { load(): Promise<Iterable<string>>; save(keys: readonly string[]): Promise<void> }

export type BoardTrustOptions = {
  boardId: string
  doc: Y.Doc
  /** This device's signer on the board; null where this device does not sign (storage blocked). */
  signer: Promise<Signer | null>
  pins: PinStore
  /** The inviter's key fingerprint from the link this device joined by, if it carried one. */
  linkFingerprint: string | null
  /** Signatures this device verified before; none remembered when absent. */
  verified?: VerifiedStore
}

export class BoardTrust {
  readonly #options: BoardTrustOptions
  #devices = $state.raw<ReadonlyMap<string, AssessedDevice>>(new Map())
  #assessed = $state(false)
  /** Bumped when a batch of signature checks finishes, so verdicts are read again. */
  #checked = $state(0)
  /** By signatureKey: whether the signature is valid, once known this session. */
  readonly #signatures = new Map<string, boolean>()
  /** rememberedKeys of the signatures verified on this device before, read once when the board opens. */
  #remembered: ReadonlySet<string> = new Set()
  /** signatureKeys looked up there and not found, so a claim still being checked is hashed once, not on every re-read. */
  readonly #notRemembered = new Set<string>()
  readonly #queue = new CheckQueue((results) => this.#checkedBatch(results))
  #pins: Pins = NO_PINS
  #ownDeviceId: string | null = null
  #assessing: Promise<void> = Promise.resolve()
  /** Assessments asked for and not yet done: a claim by a device not assessed yet is still being checked, not unknown. */
  #pendingAssessments = $state(0)
  #destroyed = false
  readonly #observe = () => this.#reassess()
  /** Resolves once the devices have been assessed the first time. */
  readonly whenAssessed: Promise<void>

  constructor(options: BoardTrustOptions) {
    this.#options = options
    const verified = options.verified?.load().catch(() => []) ?? []
    this.whenAssessed = Promise.all([options.signer.catch(() => null), options.pins.load().catch(() => null), verified]).then(
      ([signer, pins, keys]) => {
        this.#ownDeviceId = signer?.deviceId ?? null
        const kept = readPins(pins)
        // The link this device first joined by is kept with the pins: a reload, or the board opened from Your boards, still knows it.
        this.#pins =
          kept.linkFingerprint === undefined && options.linkFingerprint !== null
            ? { ...kept, linkFingerprint: options.linkFingerprint }
            : kept
        this.#remembered = new Set(keys)
        devicesMap(options.doc).observe(this.#observe)
        confirmationsMap(options.doc).observe(this.#observe)
        return this.#reassess()
      },
    )
  }

  get assessed(): boolean {
    return this.#assessed
  }

  /** Every device on the board with its standing here. */
  get devices(): ReadonlyMap<string, AssessedDevice> {
    return this.#devices
  }

  get ownDeviceId(): string | null {
    return this.#ownDeviceId
  }

  devicesOf(personId: string): AssessedDevice[] {
    return [...this.#devices.values()].filter((device) => device.record.personId === personId)
  }

  /** Devices whose key on the board is not the one this device pinned: shown, never silently accepted. */
  get keyChanges(): AssessedDevice[] {
    return [...this.#devices.values()].filter((device) => device.standing === 'key-changed')
  }

  /** The verdict on a claim as far as it is known now; `checking` until its signature has been checked. */
  verdict(kind: ClaimKind, fields: readonly ClaimField[], stored: unknown, personId: string | null): Verdict {
    const claim = readClaim(stored)
    if (claim === null) return UNSIGNED
    if (!this.#assessed) return CHECKING
    const device = this.#devices.get(claim.deviceId)
    if (device === undefined) return this.#pendingAssessments > 0 ? CHECKING : verdictOf(claim, device, personId, false)
    const key = signatureKey(this.#options.boardId, kind, fields, claim, device)
    const known = this.#known(key)
    if (known !== undefined) return verdictOf(claim, device, personId, known)
    // Only a verdict still waiting is read again when a batch is done: a known one never changes for the same key.
    void this.#checked
    void this.#queue.request(key, () => verifySignature(this.#options.boardId, kind, fields, claim, device))
    return CHECKING
  }

  /** The verdict on a claim once checked. */
  async check(kind: ClaimKind, fields: readonly ClaimField[], stored: unknown, personId: string | null): Promise<Verdict> {
    await this.whenAssessed
    await this.#assessing
    const claim = readClaim(stored)
    if (claim === null) return UNSIGNED
    const device = this.#devices.get(claim.deviceId)
    if (device === undefined) return verdictOf(claim, device, personId, false)
    const key = signatureKey(this.#options.boardId, kind, fields, claim, device)
    const valid =
      this.#known(key) ?? (await this.#queue.request(key, () => verifySignature(this.#options.boardId, kind, fields, claim, device)))
    return verdictOf(claim, device, personId, valid)
  }

  /** The people compared their code in person: these devices are believed from now on, here. */
  async confirmInPerson(deviceIds: readonly string[]): Promise<void> {
    const confirmed = new Set([...this.#pins.confirmedInPerson, ...deviceIds])
    this.#pins = { ...this.#pins, confirmedInPerson: [...confirmed] }
    await this.#options.pins.save(this.#pins)
    await this.#reassess()
  }

  destroy(): void {
    this.#destroyed = true
    devicesMap(this.#options.doc).unobserve(this.#observe)
    confirmationsMap(this.#options.doc).unobserve(this.#observe)
  }

  /** Whether a signature is valid, if known this session or remembered from before; hashed once per signature, on its first read. */
  #known(key: string): boolean | undefined {
    const known = this.#signatures.get(key)
    if (known !== undefined || this.#remembered.size === 0 || this.#notRemembered.has(key)) return known
    if (!this.#remembered.has(rememberedKey(key))) {
      this.#notRemembered.add(key)
      return undefined
    }
    this.#signatures.set(key, true)
    return true
  }

  /** One re-read for the whole batch; the valid ones are remembered on the device in one write. */
  #checkedBatch(results: ReadonlyMap<string, boolean>): void {
    const valid: string[] = []
    for (const [key, isValid] of results) {
      this.#signatures.set(key, isValid)
      if (isValid) valid.push(rememberedKey(key))
    }
    this.#checked++
    if (valid.length > 0 && !this.#destroyed)
      this.#options.verified
        ?.save(valid)
        .catch((error: unknown) => console.info('This device could not remember the claims it verified:', error))
  }

  /** One assessment at a time, each over the doc as it is when it starts. */
  #reassess(): Promise<void> {
    this.#pendingAssessments++
    this.#assessing = this.#assessing.then(async () => {
      if (this.#destroyed) return
      const { boardId, doc } = this.#options
      const before = JSON.stringify(this.#pins)
      const { devices, pins } = await assessDevices({
        boardId,
        records: readDevices(doc),
        confirmations: readConfirmations(doc),
        pins: this.#pins,
        ownDeviceId: this.#ownDeviceId,
        linkFingerprint: this.#pins.linkFingerprint ?? null,
      })
      this.#pins = pins
      this.#devices = devices
      this.#assessed = true
      if (JSON.stringify(pins) !== before)
        await this.#options.pins.save(pins).catch((error: unknown) => console.info('This device could not keep the keys it pinned:', error))
    })
    this.#assessing.finally(() => this.#pendingAssessments--).catch(() => {})
    return this.#assessing
  }
}

/** Pins as stored, shape-checked: anything odd is read as nothing pinned yet. */
function readPins(value: unknown): Pins {
  if (typeof value !== 'object' || value === null) return NO_PINS
  const stored = value as Record<string, unknown>
  const devices: Pins['devices'] = {}
  if (typeof stored.devices === 'object' && stored.devices !== null) {
    for (const [id, key] of Object.entries(stored.devices as Record<string, unknown>)) {
      const entry = key as Record<string, unknown> | null
      if (
        entry &&
        typeof entry.personId === 'string' &&
        typeof entry.publicKey === 'string' &&
        (entry.alg === 'Ed25519' || entry.alg === 'ECDSA-P256')
      ) {
        devices[id] = { personId: entry.personId, alg: entry.alg, publicKey: entry.publicKey }
      }
    }
  }
  const confirmedInPerson = Array.isArray(stored.confirmedInPerson)
    ? stored.confirmedInPerson.filter((id): id is string => typeof id === 'string')
    : []
  const linkFingerprint = typeof stored.linkFingerprint === 'string' ? { linkFingerprint: stored.linkFingerprint } : {}
  return { devices, confirmedInPerson, ...linkFingerprint }
}
