/**
 * Renders the app's home-screen icons (client/public/icons/icon-*.png) from
 * icon.svg with the test browser, so they can be remade after the SVG
 * changes: `node --import tsx scripts/renderIcons.ts`. The icon is full
 * bleed (the art inside the middle 80%), so one file serves as both the
 * plain and the maskable icon.
 */
import fs from 'node:fs'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, requireBrowser } from '../tests/kit/browser/findBrowser.ts'

const ICONS_DIR = new URL('../client/public/icons/', import.meta.url)
const SIZES = [192, 512]

const svg = fs.readFileSync(new URL('icon.svg', ICONS_DIR), 'utf8')
const browser = await chromium.launch({ executablePath: requireBrowser(), args: CHROMIUM_ARGS })
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } })
    await page.setContent(`<style>html,body{margin:0}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`)
    fs.writeFileSync(new URL(`icon-${size}.png`, ICONS_DIR), await page.screenshot({ type: 'png' }))
    await page.close()
  }
} finally {
  await browser.close()
}
