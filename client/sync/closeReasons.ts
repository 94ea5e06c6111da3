import { CloseCode } from '../../shared/protocol.ts'

/**
 * What a person reads when the server closes the board for good. Calm, no
 * blame, and always says whether their words are safe.
 */
const finalCloseMessages: Record<number, string> = {
  [CloseCode.unauthorized]: 'This link no longer opens this board. Ask for the current invite link.',
  [CloseCode.boardNotFound]: 'This board could not be found. It may have been deleted.',
  [CloseCode.boardGone]: 'This board was deleted.',
  [CloseCode.boardMoved]:
    'This board moved to a new link. Ask the person who moved it for the new link — it was not sent through the server.',
  [CloseCode.versionMismatch]: 'This page is out of date. Reload it to continue — your changes are kept on this device.',
  [CloseCode.frameTooLarge]: 'A change was too large to save on the server. It is kept on this device.',
}

const fallback = 'The board stopped syncing. Reload the page to try again — your changes are kept on this device.'

export function describeFinalClose(code: number): string {
  return finalCloseMessages[code] ?? fallback
}

/** Why a board was closed for good on the server: deleted, or moved to a new link. */
export type Retirement = 'deleted' | 'moved'

/** The retirement a close code says happened, or null when the close is about something else. */
export function retirementOf(code: number | null): Retirement | null {
  if (code === CloseCode.boardGone) return 'deleted'
  if (code === CloseCode.boardMoved) return 'moved'
  return null
}
