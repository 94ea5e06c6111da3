// @ts-check
/**
 * `npm start`: builds the client (Vite, into dist/client/) and the server
 * (tsc, into dist/server/) only when missing or older than their sources,
 * then runs the compiled server in this process. A built tree starts in
 * well under a second, and with only the production dependencies installed
 * (`npm ci --omit=dev`) it still starts; only a build that is due needs the
 * development ones. Build output goes to stderr, so stdout carries only the
 * server's listening line, as with `npm run serve`.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { planBuilds, SERVER_ENTRY } from './buildPlan.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** @param {string} reason @returns {never} */
function exitWith(reason) {
  process.stderr.write(`common-ground: ${reason}\n`)
  process.exit(1)
}

for (const { build, reason } of planBuilds(root)) {
  const tool = path.join(root, build.tool)
  if (!fs.existsSync(tool)) {
    exitWith(
      `${build.name} needs building (${reason}), but \`${build.command}\` cannot run: the build tools are not installed (npm ci --omit=dev leaves them out); run \`npm install\` first`,
    )
  }
  process.stderr.write(`common-ground: building ${build.name} (${reason})\n`)
  const began = new Date()
  fs.rmSync(path.join(root, build.clean), { recursive: true, force: true })
  const result = spawnSync(process.execPath, [tool, ...build.args], { cwd: root, stdio: ['ignore', 2, 2] })
  if (result.status !== 0)
    exitWith(`building ${build.name} failed (\`${build.command}\` ${result.error?.message ?? `exited ${result.status ?? result.signal}`})`)
  // The output carries the time the build began, so a source saved while it ran still counts as newer.
  fs.utimesSync(path.join(root, build.output), began, began)
}

await import(pathToFileURL(path.join(root, SERVER_ENTRY)).href)
