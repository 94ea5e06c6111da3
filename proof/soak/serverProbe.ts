/**
 * The server process as the kernel shows it from outside: its open file
 * descriptors, its TCP sockets by state, and its resident memory. Nothing
 * here touches the server; it only reads /proc.
 */
import fs from 'node:fs'
import { memoryOf } from '../../tests/kit/procStats.ts'

/** TCP states as /proc/net/tcp writes them (include/net/tcp_states.h). */
const TCP_ESTABLISHED = '01'
const TCP_LISTEN = '0A'

export type TcpSockets = { established: number; listening: number; other: number }

export type ServerSample = { rssBytes: number; fds: number; tcp: TcpSockets }

export function fdCount(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length
}

/** The TCP sockets `pid` holds open (matched by inode), by state. */
export function tcpSocketsOf(pid: number): TcpSockets {
  const own = socketInodes(pid)
  const counts: TcpSockets = { established: 0, listening: 0, other: 0 }
  for (const row of tcpRows(pid)) {
    if (!own.has(row.inode)) continue
    if (row.state === TCP_ESTABLISHED) counts.established++
    else if (row.state === TCP_LISTEN) counts.listening++
    else counts.other++
  }
  return counts
}

export function sampleServer(pid: number): ServerSample {
  return { rssBytes: memoryOf(pid).rssBytes, fds: fdCount(pid), tcp: tcpSocketsOf(pid) }
}

type TcpRow = { localPort: number; state: string; inode: string }

/** IPv4 and IPv6 rows of the network namespace `pid` lives in (ours by default). */
function tcpRows(pid: number | 'self' = 'self'): TcpRow[] {
  const rows: TcpRow[] = []
  for (const file of ['tcp', 'tcp6']) {
    let text: string
    try {
      text = fs.readFileSync(`/proc/${pid}/net/${file}`, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
      const fields = line.trim().split(/\s+/)
      if (fields.length < 10) continue
      rows.push({ localPort: parseInt(fields[1]!.split(':')[1]!, 16), state: fields[3]!, inode: fields[9]! })
    }
  }
  return rows
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>()
  let fds: string[]
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`)
  } catch {
    return inodes
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))
      if (match) inodes.add(match[1]!)
    } catch {
      // Closed between the listing and the read.
    }
  }
  return inodes
}
