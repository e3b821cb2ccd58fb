// `node scripts/make-icons.ts`: renders the app and tray icons from their SVG sources with Debian's
// Chromium (no image tools needed) and writes the PNG sizes each platform uses, plus build/icon.ico.
// Run after changing an SVG; the PNGs are committed.
import { readFile, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser } from '@playwright/test'

/** Each PNG to make: its SVG source, its size in px and where it goes. */
export const ICONS: readonly { svg: string; size: number; out: string }[] = [
  // Linux panels draw 32 px (22-24 px visible), Windows' notification area 16 px, light and dark.
  ...[16, 32].flatMap((size) => [
    { svg: 'resources/tray-light.svg', size, out: `resources/tray-light-${size}.png` },
    { svg: 'resources/tray-dark.svg', size, out: `resources/tray-dark-${size}.png` },
  ]),
  // macOS template images: black with alpha, tinted by the menu bar; @2x for Retina.
  { svg: 'resources/trayTemplate.svg', size: 16, out: 'resources/trayTemplate.png' },
  { svg: 'resources/trayTemplate.svg', size: 32, out: 'resources/trayTemplate@2x.png' },
  // The installers' icons: Linux takes the folder of sizes, Windows the .ico, macOS builds its icns from 512.
  ...[16, 32, 48, 64, 128, 256, 512].map((size) => ({
    svg: 'build/icon.svg',
    size,
    out: `build/icons/${size}x${size}.png`,
  })),
]

const ICO_SIZES = [16, 32, 48, 64, 128, 256]

async function render(browser: Browser, svg: string, size: number): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: size, height: size } })
  const body = svg.replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`)
  await page.setContent(`<html><body style="margin:0;background:transparent">${body}</body></html>`)
  const png = await page.screenshot({ omitBackground: true, type: 'png' })
  await page.close()
  return png
}

/** An .ico holding PNG images (Windows Vista and later read PNG entries). */
export function icoFromPngs(images: readonly { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  const entries: Buffer[] = []
  let offset = 6 + 16 * images.length
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16)
    entry.writeUInt8(size >= 256 ? 0 : size, 0)
    entry.writeUInt8(size >= 256 ? 0 : size, 1)
    entry.writeUInt16LE(1, 4) // colour planes
    entry.writeUInt16LE(32, 6) // bits per pixel
    entry.writeUInt32LE(png.length, 8)
    entry.writeUInt32LE(offset, 12)
    offset += png.length
    entries.push(entry)
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)])
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  })
  try {
    const made = new Map<string, Buffer>()
    for (const icon of ICONS) {
      const png = await render(browser, await readFile(icon.svg, 'utf8'), icon.size)
      await mkdir(join(icon.out, '..'), { recursive: true })
      await writeFile(icon.out, png)
      made.set(icon.out, png)
      console.log(`${icon.out} (${icon.size} px)`)
    }
    const ico = icoFromPngs(
      ICO_SIZES.map((size) => ({
        size,
        png: made.get(`build/icons/${size}x${size}.png`) ?? Buffer.alloc(0),
      })),
    )
    await writeFile('build/icon.ico', ico)
    console.log('build/icon.ico')
  } finally {
    await browser.close()
  }
}

if (import.meta.main) await main()
