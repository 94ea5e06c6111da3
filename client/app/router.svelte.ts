/**
 * The app's two pages, chosen from `location.pathname`. The board's secret
 * stays in `location.hash`; the router only passes it along and never
 * writes it anywhere else.
 */
export type Route = { page: 'start' } | { page: 'board'; boardId: string } | { page: 'not-found' }

const BOARD_PATH = /^\/b\/([^/]*)\/?$/

export function routeFor(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { page: 'start' }
  const board = BOARD_PATH.exec(pathname)
  if (board) return { page: 'board', boardId: decodeURIComponent(board[1] ?? '') }
  return { page: 'not-found' }
}

export class Router {
  #pathname = $state(location.pathname)
  #hash = $state(location.hash)

  constructor() {
    // Back/forward and a pasted link with a new fragment both change what is shown.
    const follow = () => {
      this.#pathname = location.pathname
      this.#hash = location.hash
    }
    addEventListener('popstate', follow)
    addEventListener('hashchange', follow)
  }

  get route(): Route {
    return routeFor(this.#pathname)
  }

  get pathname(): string {
    return this.#pathname
  }

  get hash(): string {
    return this.#hash
  }

  /**
   * Shows another page of this app without reloading it. The new page
   * replaces the current history entry rather than adding one: the app never
   * holds more than one entry in the tab's history, so a quick exit, which
   * overwrites that one, leaves nothing of the app behind Back.
   */
  navigate(link: string): void {
    const target = new URL(link, location.href)
    if (target.origin !== location.origin) {
      location.assign(target)
      return
    }
    history.replaceState(null, '', target)
    this.#pathname = target.pathname
    this.#hash = target.hash
  }
}
