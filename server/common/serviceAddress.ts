/**
 * Where a service URL (PostgreSQL, Redis) points, for log lines and errors:
 * host and port, never the user or the password the URL may hold.
 */
export function describeServiceUrl(url: string | URL, defaultPort: number): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'an unreadable URL'
  }
  // PostgreSQL may name its host (or a socket directory) in the query instead.
  const host = parsed.searchParams.get('host') ?? (parsed.hostname || 'localhost')
  return `${host}:${parsed.port || defaultPort}`
}
