/**
 * The app's own sync client in Node as a device that signs: its own key,
 * its record on the board under a person, and the devices it believes
 * (BoardTrust with pins in memory) answering the keys the transport checks.
 * Without this, syncClient.ts sends unsigned changes, as before signing.
 */
import * as Y from 'yjs'
import { believedKeys } from '../../client/app/believedKeys.ts'
import { BoardTrust } from '../../client/core/boardTrust.svelte.ts'
import type { Pins } from '../../client/core/deviceTrust.ts'
import { registerDevice } from '../../client/core/devices.ts'
import type { NewBoard } from '../../client/sync/createBoard.ts'
import type { SocketConstructor } from '../../client/sync/transport.ts'
import { randomBytes, toBase64Url } from '../../shared/crypto.ts'
import { generateSigningKeyPair, signerOf, type Signer } from '../../shared/signing.ts'
import type { ServerAddress } from './boards.ts'
import { syncClient, waitForState, type SyncClient } from './syncClient.ts'
import { afterThisTest } from './teardown.ts'

export type SignedClient = SyncClient & { signer: Signer; trust: BoardTrust; personId: string }

/** A signing device of `personId` on the board, its record on the board and saved. */
export async function signedClient(
  server: Pick<ServerAddress, 'wsUrl'>,
  board: Pick<NewBoard, 'boardId' | 'secret'>,
  personId: string,
  WebSocketImpl?: SocketConstructor,
): Promise<SignedClient> {
  const doc = new Y.Doc()
  const signer = signerOf(toBase64Url(randomBytes(12)), await generateSigningKeyPair())
  let pins: Pins | null = null
  const trust = new BoardTrust({
    boardId: board.boardId,
    doc,
    signer: Promise.resolve(signer),
    pins: { load: async () => pins, save: async (next) => void (pins = next) },
    linkFingerprint: null,
  })
  afterThisTest(() => trust.destroy())
  const client = syncClient(server, board, doc, WebSocketImpl, { signer: Promise.resolve(signer), keyOf: believedKeys(() => trust) })
  await waitForState(client, 'saved')
  await registerDevice(doc, board.boardId, signer, personId, Date.now())
  await waitForState(client, 'saved')
  return { ...client, signer, trust, personId }
}
