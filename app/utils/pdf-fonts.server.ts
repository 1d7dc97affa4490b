import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import PDFDocument from 'pdfkit'

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
function pdfFonts() {
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

/**
 * A pdfkit document with every DejaVu face registered under its name (`regular`, `bold`, …) and
 * `regular` selected, and the finished file, which resolves once `doc.end()` was called.
 */
export function createPdf(options: PDFKit.PDFDocumentOptions) {
	// No default font: a standard PDF font has no Czech letters, and opening DejaVu here as well
	// would make pdfkit parse the font file again on every font switch.
	const doc = new PDFDocument({ ...options, font: '' })
	for (const [name, data] of Object.entries(pdfFonts())) doc.registerFont(name, data)
	doc.font('regular')
	const chunks: Buffer[] = []
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk))
		doc.on('end', () => resolve(Buffer.concat(chunks)))
		doc.on('error', reject)
	})
	return { doc, done }
}
