/**
 * Which pause this tab raised, remembered here and nowhere else: the doc
 * never says who paused (a flooded person is never named for it), yet the
 * one who raised a pause by mistake must be able to take it back. Only the
 * pause's random id is kept, in this tab's session storage, so nothing names
 * the board and nothing outlives the tab.
 */
const KEY = 'common-ground:raised-pause'

export function rememberRaisedHere(pauseId: string): void {
  try {
    sessionStorage.setItem(KEY, pauseId)
  } catch {
    // Storage refused (private mode, full): the pause stands, it just cannot be taken back from here.
  }
}

export function wasRaisedHere(pauseId: string): boolean {
  try {
    return sessionStorage.getItem(KEY) === pauseId
  } catch {
    return false
  }
}

export function forgetRaisedHere(): void {
  try {
    sessionStorage.removeItem(KEY)
  } catch {
    // Nothing was kept.
  }
}
