/**
 * People's devices, for the screen: the code to compare together, a new
 * device of this person waiting for this device to vouch for it, keys that
 * changed for someone this device knows, and this device's own key put back
 * when someone replaced it on the board.
 */
import { createContext } from 'svelte'
import type * as Y from 'yjs'
import { toBase64Url } from '../../shared/crypto.ts'
import type { Signer } from '../../shared/signing.ts'
import type { BoardTrust } from '../core/boardTrust.svelte.ts'
import { newDevicesOf, type AssessedDevice } from '../core/deviceTrust.ts'
import { confirmDevice, devicesMap, readDevice, registerDevice, type DeviceRecord } from '../core/devices.ts'
import type { Identity } from '../core/identity.svelte.ts'
import { ourCode, type CoveredKey } from './ourCode.ts'

export type PeoplesDevicesOptions = {
  boardId: string
  doc: Y.Doc
  clock: { now(): number }
  signer: Promise<Signer | null>
  trust: BoardTrust
  identity: Pick<Identity, 'me'>
}

export class PeoplesDevices {
  readonly #options: PeoplesDevicesOptions
  /** When this device last put its own key back (server time), or null. */
  #ownKeyPutBackAt = $state<number | null>(null)
  /** This device's signer once known: the observer below must judge a change in the same turn it hears of it. */
  #mine: Signer | null = null
  readonly #observe = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
    const mine = this.#mine
    if (mine === null || transaction.local || !event.keysChanged.has(mine.deviceId)) return
    void this.#keepOwnKey(mine)
  }

  constructor(options: PeoplesDevicesOptions) {
    this.#options = options
    void options.signer.then((mine) => {
      this.#mine = mine
      if (mine !== null) void this.#keepOwnKey(mine)
    })
    devicesMap(options.doc).observe(this.#observe)
  }

  /** Devices of this person that joined after this one and wait for this device to say whether they are theirs. */
  get newDevicesOfMine(): AssessedDevice[] {
    const { trust, identity } = this.#options
    const me = identity.me
    return me === null ? [] : newDevicesOf(trust.devices.values(), me.personId, trust.ownDeviceId)
  }

  /** Other devices whose key on the board is no longer the one this device pinned. */
  get keyChanges(): AssessedDevice[] {
    const { trust } = this.#options
    return trust.keyChanges.filter((device) => device.record.deviceId !== trust.ownDeviceId)
  }

  get ownKeyPutBackAt(): number | null {
    return this.#ownKeyPutBackAt
  }

  /** What the code covers: every device on the board, with the key this device believes for it. */
  get covered(): AssessedDevice[] {
    return [...this.#options.trust.devices.values()]
  }

  /** The code for what is covered now. */
  code(covered: readonly AssessedDevice[]): Promise<string[]> {
    const keys: CoveredKey[] = covered.map(({ record }) => ({
      deviceId: record.deviceId,
      personId: record.personId,
      alg: record.alg,
      publicKey: record.publicKey,
    }))
    return ourCode(this.#options.boardId, keys)
  }

  /** The codes matched, compared in person: every device the code covered is believed here from now on. */
  confirmInPerson(covered: readonly AssessedDevice[]): Promise<void> {
    const ids = covered.filter((device) => device.standing !== 'key-changed').map((device) => device.record.deviceId)
    return this.#options.trust.confirmInPerson(ids)
  }

  /** `Yes, it's mine`: this device vouches, signed, for another device of the same person. */
  async confirmMine(device: DeviceRecord): Promise<void> {
    const { doc, boardId, clock, signer } = this.#options
    const mine = await signer
    if (mine === null) throw new Error('This device keeps no signing key for this board')
    await confirmDevice(doc, boardId, mine, device, clock.now())
  }

  dismissOwnKeyNotice(): void {
    this.#ownKeyPutBackAt = null
  }

  destroy(): void {
    devicesMap(this.#options.doc).unobserve(this.#observe)
  }

  /**
   * Only this device writes its own record: one that arrives from elsewhere
   * no longer holding its key was written by someone else. It is put back
   * (here, or when this person arrives, app/boardModels.ts), and said.
   */
  async #keepOwnKey(mine: Signer): Promise<void> {
    const { doc, boardId, clock, identity } = this.#options
    if (!devicesMap(doc).has(mine.deviceId)) return
    const stored = readDevice(mine.deviceId, devicesMap(doc).get(mine.deviceId))
    const me = identity.me
    const intact =
      stored !== null &&
      (me === null || stored.personId === me.personId) &&
      stored.alg === mine.alg &&
      toBase64Url(stored.publicKey) === toBase64Url(mine.publicKey)
    if (intact) return
    this.#ownKeyPutBackAt = clock.now()
    if (me !== null) await registerDevice(doc, boardId, mine, me.personId, clock.now())
  }
}

export const [getPeoplesDevices, setPeoplesDevices] = createContext<PeoplesDevices>()
