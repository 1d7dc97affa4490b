import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/** DejaVu Sans faces: every Czech letter is in them, so PDFs look the same everywhere. */
const FONT_FILES = {
	regular: 'DejaVuSans.ttf',
	bold: 'DejaVuSans-Bold.ttf',
	italic: 'DejaVuSans-Oblique.ttf',
	boldItalic: 'DejaVuSans-BoldOblique.ttf',
	mono: 'DejaVuSansMono.ttf',
} as const
export type PdfFontName = keyof typeof FONT_FILES

let fontData: Record<PdfFontName, Buffer> | undefined

/** The font files for pdfkit (embedded as subsets), read once per process. */
export function pdfFonts() {
	if (!fontData) {
		const require = createRequire(import.meta.url)
		const directory = path.join(
			path.dirname(require.resolve('dejavu-fonts-ttf/package.json')),
			'ttf',
		)
		fontData = Object.fromEntries(
			Object.entries(FONT_FILES).map(([name, file]) => [
				name,
				fs.readFileSync(path.join(directory, file)),
			]),
		) as Record<PdfFontName, Buffer>
	}
	return fontData
}
