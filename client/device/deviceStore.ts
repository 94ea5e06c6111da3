/**
 * This device's own IndexedDB database for what must never leave it: the
 * device key and the private notes sealed under it. Nothing here is part of
 * a board's doc, so nothing here is ever synced.
 *
 *   keys    'device' → CryptoKey (AES-GCM, not extractable: even this page cannot read its bytes)
 *   notes   id → NoteRecord, indexed by boardId
 *   boards      boardId → BoardRecord: "Your boards", the boards this browser has joined (version 2)
 *   identities  boardId → BoardRecord: who this device is on the board, its name and colour (version 3)
 *   moves       boardId → MoveRecord: the new link of a board this device moved (version 3)
 *   signers     boardId → SignerRecord: this device's signing key on the board (version 4)
 *   pins        boardId → BoardRecord: the people's keys this device pinned on the board (version 4)
 *   verified    [boardId, rememberedKey] → true: signatures this device has verified, bound to what they cover (version 4)
 *
 * Every record's content is sealed under the device key (sealedRecords.ts);
 * only the ids it is filed under are plain. A signer's private key is a
 * CryptoKey that cannot be extracted; its public half is public anyway.
 */
const DB_NAME = 'common-ground:device'
const DB_VERSION = 4

export type NoteRecord = { id: string; boardId: string; createdAt: number; sealed: Uint8Array }
export type BoardRecord = { boardId: string; sealed: Uint8Array }
/** Filed under the old board's id, and found by the new one's when that board is deleted. */
export type MoveRecord = { boardId: string; toBoardId: string; sealed: Uint8Array }
/** This device's signing key on one board: the private half never extractable. */
export type SignerRecord = { boardId: string; deviceId: string; alg: string; privateKey: CryptoKey; publicKey: Uint8Array }
export type DeviceStoreName = 'keys' | 'notes' | 'boards' | 'identities' | 'moves' | 'signers' | 'pins' | 'verified'

let opening: Promise<IDBDatabase> | null = null

export function openDeviceStore(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION)
    request.onupgradeneeded = (event) => {
      const db = request.result
      if (event.oldVersion < 1) {
        db.createObjectStore('keys')
        db.createObjectStore('notes', { keyPath: 'id' }).createIndex('byBoard', 'boardId')
      }
      if (event.oldVersion < 2) db.createObjectStore('boards', { keyPath: 'boardId' })
      if (event.oldVersion < 3) {
        db.createObjectStore('identities', { keyPath: 'boardId' })
        db.createObjectStore('moves', { keyPath: 'boardId' }).createIndex('byTarget', 'toBoardId')
      }
      if (event.oldVersion < 4) {
        db.createObjectStore('signers', { keyPath: 'boardId' })
        db.createObjectStore('pins', { keyPath: 'boardId' })
        db.createObjectStore('verified')
      }
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error('this device could not open its private store'))
  }).catch((error: unknown) => {
    opening = null
    throw error
  })
  return opening
}

/** Runs one request in its own transaction and resolves with its result once the transaction has committed. */
export async function inStore<T>(
  store: DeviceStoreName,
  mode: IDBTransactionMode,
  request: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return inTransaction(await openDeviceStore(), store, mode, request)
}

/**
 * Boards forgotten on this device since the page loaded. A board's view can
 * still be on screen, refreshing what it keeps (its Your boards entry, the
 * claims it verified), while the board is being forgotten: those late writes
 * must not put back what was removed.
 */
const forgottenHere = new Set<string>()

/** From now on, writes kept for this board (keepForBoard) are dropped. Said before the removals begin. */
export function stopKeepingBoard(boardId: string): void {
  forgottenHere.add(boardId)
}

export function isForgottenHere(boardId: string): boolean {
  return forgottenHere.has(boardId)
}

/**
 * A write filed under one board, dropped (resolving false) once the board
 * was forgotten here. Checked as its transaction is made: a write that got
 * in first is ordered before the removal's transaction, and removed by it.
 */
export async function keepForBoard(
  boardId: string,
  store: DeviceStoreName,
  request: (store: IDBObjectStore) => IDBRequest<IDBValidKey>,
): Promise<boolean> {
  const db = await openDeviceStore()
  if (forgottenHere.has(boardId)) return false
  await inTransaction(db, store, 'readwrite', request)
  return true
}

function inTransaction<T>(
  db: IDBDatabase,
  store: DeviceStoreName,
  mode: IDBTransactionMode,
  request: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const transaction = db.transaction(store, mode)
    const pending = request(transaction.objectStore(store))
    transaction.oncomplete = () => resolve(pending.result)
    transaction.onerror = () => reject(transaction.error ?? pending.error)
    transaction.onabort = () => reject(transaction.error ?? new Error('the private store refused the change'))
  })
}
