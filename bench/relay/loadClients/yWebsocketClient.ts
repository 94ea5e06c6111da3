/**
 * @y/websocket-server's framing: the document is the socket's path, and a
 * message is [messageType : varUint][…]: 0 sync, 1 awareness (ignored here).
 */
import * as decoding from 'lib0/decoding'
import { generateBoardId } from '../../../shared/crypto.ts'
import type { ServerProcess } from '../../harness/serverProcess.ts'
import type { Protocol } from './loadClient.ts'
import { joinYjsDocument, MESSAGE_SYNC, type YjsFraming } from './yjsSyncClient.ts'

const framing: YjsFraming = {
  name: 'y-websocket-server',
  url: (port, docName) => `ws://127.0.0.1:${port}/${docName}`,
  writeHeader: () => {},
  readType: (decoder) => decoding.readVarUint(decoder),
  syncTypes: [MESSAGE_SYNC],
  greeting: () => [],
  checkOther: () => {},
}

export const yWebsocketProtocol: Protocol = {
  server: 'y-websocket-server',
  async newBoard(server: ServerProcess) {
    const docName = generateBoardId()
    return { join: () => joinYjsDocument(server.port, docName, framing) }
  },
}
