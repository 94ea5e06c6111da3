/**
 * Hocuspocus 3's framing (server OutgoingMessage, common auth.ts): every
 * message starts with the document name, then its type:
 *   [documentName : varString][type : varUint][…]
 * types 0 Sync and 4 SyncReply carry sync messages, 2 Auth, 8 SyncStatus
 * (ignored here, like awareness). A client must first send
 *   [documentName][Auth = 2][Token = 0][token : varString]
 * and the server holds its other messages until that is checked; the
 * in-memory reference accepts any token.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { generateBoardId } from '../../../shared/crypto.ts'
import type { ServerProcess } from '../../harness/serverProcess.ts'
import type { Protocol } from './loadClient.ts'
import { joinYjsDocument, MESSAGE_SYNC, type YjsFraming } from './yjsSyncClient.ts'

const MESSAGE_AUTH = 2
const MESSAGE_SYNC_REPLY = 4
const AUTH_TOKEN = 0
const AUTH_PERMISSION_DENIED = 1

const framing: YjsFraming = {
  name: 'hocuspocus',
  url: (port) => `ws://127.0.0.1:${port}/`,
  writeHeader: (encoder, docName) => encoding.writeVarString(encoder, docName),
  readType: (decoder, docName) => (decoding.readVarString(decoder) === docName ? decoding.readVarUint(decoder) : undefined),
  syncTypes: [MESSAGE_SYNC, MESSAGE_SYNC_REPLY],
  greeting(docName) {
    const encoder = encoding.createEncoder()
    encoding.writeVarString(encoder, docName)
    encoding.writeVarUint(encoder, MESSAGE_AUTH)
    encoding.writeVarUint(encoder, AUTH_TOKEN)
    encoding.writeVarString(encoder, 'bench')
    return [encoding.toUint8Array(encoder)]
  },
  checkOther(type, decoder) {
    if (type === MESSAGE_AUTH && decoding.readVarUint(decoder) === AUTH_PERMISSION_DENIED) {
      throw new Error(`hocuspocus refused the bench's token: ${decoding.readVarString(decoder)}`)
    }
  },
}

export const hocuspocusProtocol: Protocol = {
  server: 'hocuspocus',
  async newBoard(server: ServerProcess) {
    const docName = generateBoardId()
    return { join: () => joinYjsDocument(server.port, docName, framing) }
  },
}
