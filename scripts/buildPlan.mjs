// @ts-check
/**
 * What `npm start` must build before it serves. Each build's output carries
 * the time its build began (start.mjs stamps it); a build is due when that
 * output is missing or a source is newer. Plain JavaScript with no
 * dependencies, so it also runs where only the production dependencies are
 * installed.
 */
import fs from 'node:fs'
import path from 'node:path'

/**
 * @typedef {object} Build
 * @property {string} name       what is built, as the start line says it
 * @property {string} output     the file whose mtime says when the build began (relative to the root)
 * @property {string} clean      removed before building, so a deleted source leaves nothing behind
 * @property {string[]} sources  files and directories whose change makes the output stale
 * @property {string} tool       the build tool's script under the root, run with this node
 * @property {string[]} args
 * @property {string} command    the tool as a person would type it, for messages
 */

/** The compiled server's entry (tsconfig.server.json keeps the source tree under dist/server). */
export const SERVER_ENTRY = 'dist/server/server/index.js'

/** @type {readonly Build[]} */
export const BUILDS = [
  {
    name: 'the client',
    output: 'dist/client/index.html',
    clean: 'dist/client',
    // The lockfile stands for node_modules: the bundle holds the client's libraries.
    sources: ['client', 'shared', 'vite.config.ts', 'svelte.config.js', 'tsconfig.json', 'package.json', 'package-lock.json'],
    tool: 'node_modules/vite/bin/vite.js',
    args: ['build'],
    command: 'vite build',
  },
  {
    name: 'the server',
    output: SERVER_ENTRY,
    clean: 'dist/server',
    sources: ['server', 'shared', 'tsconfig.json', 'tsconfig.server.json', 'package.json'],
    tool: 'node_modules/typescript/bin/tsc',
    args: ['-p', 'tsconfig.server.json'],
    command: 'tsc -p tsconfig.server.json',
  },
]

/**
 * Why a build must run, in a few words, or null when its output is at least
 * as new as every source. A pure function of what was found on disk.
 *
 * @param {string} output                                   the output's path, for the reason
 * @param {number | null} outputMtimeMs                     null when the output is missing
 * @param {{ path: string, mtimeMs: number } | null} newestSource  null when no source exists
 * @returns {string | null}
 */
export function rebuildReason(output, outputMtimeMs, newestSource) {
  if (outputMtimeMs === null) return `${output} is missing`
  if (newestSource !== null && newestSource.mtimeMs > outputMtimeMs) return `${newestSource.path} is newer than ${output}`
  return null
}

/**
 * The most recently modified file under `entries` (files or directories,
 * relative to `root`; missing ones are skipped), or null when there is none.
 *
 * @param {string} root
 * @param {readonly string[]} entries
 * @returns {{ path: string, mtimeMs: number } | null}
 */
export function newestFile(root, entries) {
  /** @type {{ path: string, mtimeMs: number } | null} */
  let newest = null
  /** @param {string} relative */
  const visit = (relative) => {
    const stats = statOrNull(path.join(root, relative))
    if (stats === null) return
    if (stats.isDirectory()) {
      for (const name of fs.readdirSync(path.join(root, relative))) if (name !== 'node_modules') visit(path.join(relative, name))
    } else if (newest === null || stats.mtimeMs > newest.mtimeMs) {
      newest = { path: relative, mtimeMs: stats.mtimeMs }
    }
  }
  for (const entry of entries) visit(entry)
  return newest
}

/**
 * The builds that are due under `root`, each with its reason, in the order
 * they should run.
 *
 * @param {string} root
 * @param {readonly Build[]} builds
 * @returns {{ build: Build, reason: string }[]}
 */
export function planBuilds(root, builds = BUILDS) {
  const due = []
  for (const build of builds) {
    const output = statOrNull(path.join(root, build.output))
    const reason = rebuildReason(build.output, output?.mtimeMs ?? null, newestFile(root, build.sources))
    if (reason !== null) due.push({ build, reason })
  }
  return due
}

/** @param {string} file */
function statOrNull(file) {
  try {
    return fs.statSync(file)
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT') return null
    throw error
  }
}
