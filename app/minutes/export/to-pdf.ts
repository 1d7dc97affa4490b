import { createPdf, type PdfFontName } from '#app/utils/pdf-fonts.server.ts'
import type { MinutesExport } from './minutes-export.ts'
import {
	type Block,
	type Inline,
	type Marks,
	tableGrid,
	type TableCell,
	type TableRow,
} from './minutes-model.ts'

// ── Fonts: DejaVu Sans, embedded (subset) so Czech text looks the same everywhere ──────────────

function fontFor(marks: Marks, base: { bold?: boolean; italic?: boolean }): PdfFontName {
	if (marks.code) return 'mono'
	const bold = marks.bold || base.bold
	const italic = marks.italic || base.italic
	return bold && italic ? 'boldItalic' : bold ? 'bold' : italic ? 'italic' : 'regular'
}

// ── Layout ─────────────────────────────────────────────────────────────────────────────────

/** A4 in points; about 2 cm margins, a little more at the bottom for the page numbers. */
const MARGINS = { top: 56, bottom: 64, left: 56, right: 56 }
const BODY_SIZE = 10.5
const LINE_GAP = 2
const BLOCK_GAP = 7
const HEADING_SIZES = { 1: 15, 2: 13, 3: 11.5, 4: 10.5 } as const
const COLOURS = {
	text: '#1f2328',
	muted: '#5f6670',
	link: '#1a56a6',
	rule: '#9aa1a9',
	fill: '#eef1f5',
}
const CELL_PADDING = 4
const BULLETS = ['•', '◦', '▪']

type TextStyle = { size: number; bold?: boolean; italic?: boolean; colour?: string }

type Segment = { text: string; font: PdfFontName; marks: Marks }

function segments(content: Inline[], style: TextStyle): Segment[] {
	const result: Segment[] = []
	// pdfkit drops a newline at the end of a continued fragment but keeps one at the start.
	let breaks = ''
	for (const part of content) {
		if (part.type === 'break') {
			breaks += '\n'
		} else {
			result.push({
				text: breaks + part.text,
				font: fontFor(part.marks, style),
				marks: part.marks,
			})
			breaks = ''
		}
	}
	return result
}

function plain(content: Inline[]) {
	return content.map((part) => (part.type === 'break' ? '\n' : part.text)).join('')
}

/** Everything in a table cell as one run of inline content, lines kept apart by breaks. */
function cellContent(cell: TableCell): Inline[] {
	const lines: Inline[][] = []
	const walk = (blocks: Block[], prefix: string) => {
		for (const block of blocks) {
			const lead: Inline[] = prefix ? [{ type: 'text', text: prefix, marks: {} }] : []
			switch (block.type) {
				case 'heading':
				case 'paragraph':
					lines.push([...lead, ...block.content])
					break
				case 'list':
					block.items.forEach((item, index) =>
						walk(item.blocks, block.ordered ? `${block.start + index}. ` : '• '),
					)
					break
				case 'quote':
					walk(block.blocks, prefix)
					break
				case 'code':
					lines.push([
						...lead,
						{ type: 'text', text: block.text.replace(/\n$/, ''), marks: { code: true } },
					])
					break
				case 'table':
					for (const row of block.rows) for (const inner of row.cells) walk(inner.blocks, '')
					break
				case 'rule':
					break
			}
			prefix = ''
		}
	}
	walk(cell.blocks, '')
	return lines.flatMap((line, index) => (index ? [{ type: 'break' as const }, ...line] : line))
}

class PdfWriter {
	readonly doc: PDFKit.PDFDocument
	/** The finished file, once `doc.end()` was called. */
	readonly done: Promise<Buffer>
	readonly left = MARGINS.left
	readonly width: number

	constructor(view: MinutesExport) {
		;({ doc: this.doc, done: this.done } = createPdf({
			size: 'A4',
			margins: MARGINS,
			bufferPages: true,
			pdfVersion: '1.7',
			lang: view.language,
			displayTitle: true,
			info: { Title: view.title, Author: view.author, Subject: view.details, Creator: 'Síťovka' },
		}))
		this.width = this.doc.page.width - MARGINS.left - MARGINS.right
	}

	get bottom() {
		return this.doc.page.height - this.doc.page.margins.bottom
	}

	/** Starts a new page unless `height` more points fit on this one. */
	ensureSpace(height: number) {
		if (this.doc.y + height > this.bottom) this.doc.addPage()
	}

	lineHeight(size: number, font: PdfFontName = 'regular') {
		return this.doc.font(font).fontSize(size).currentLineHeight(true) + LINE_GAP
	}

	/** Mixed bold/italic/link runs as one wrapped paragraph at (x, current y). */
	rich(content: Inline[], x: number, width: number, style: TextStyle) {
		const parts = segments(content, style)
		if (!parts.length) return
		const { doc } = this
		parts.forEach((part, index) => {
			doc
				.font(part.font)
				.fontSize(part.marks.code ? style.size * 0.92 : style.size)
				.fillColor(part.marks.link ? COLOURS.link : (style.colour ?? COLOURS.text))
			const options: PDFKit.Mixins.TextOptions = {
				width,
				lineGap: LINE_GAP,
				continued: index < parts.length - 1,
				link: part.marks.link ?? null,
				underline: Boolean(part.marks.underline || part.marks.link),
				strike: Boolean(part.marks.strike),
			}
			if (index === 0) doc.text(part.text, x, doc.y, options)
			else doc.text(part.text, options)
		})
		doc.x = this.left
	}

	blocks(blocks: Block[], x: number, width: number, gap = BLOCK_GAP) {
		for (const block of blocks) this.block(block, x, width, gap)
	}

	block(block: Block, x: number, width: number, gap: number) {
		const { doc } = this
		switch (block.type) {
			case 'heading': {
				const size = HEADING_SIZES[block.level]
				// Keep a heading with at least two lines of what follows.
				doc.y += block.level === 1 ? 8 : 4
				this.ensureSpace(this.lineHeight(size, 'bold') + 2 * this.lineHeight(BODY_SIZE))
				this.rich(block.content, x, width, { size, bold: true })
				doc.y += 3
				break
			}
			case 'paragraph':
				this.ensureSpace(this.lineHeight(BODY_SIZE))
				this.rich(
					block.content,
					x,
					width,
					block.emphasis === 'muted'
						? { size: BODY_SIZE, italic: true, colour: COLOURS.muted }
						: { size: BODY_SIZE },
				)
				doc.y += gap
				break
			case 'list':
				this.list(block, x, width, 0)
				doc.y += gap
				break
			case 'table':
				this.table(block.rows, x, width)
				doc.y += gap
				break
			case 'rule': {
				this.ensureSpace(12)
				const y = doc.y + 4
				doc
					.moveTo(x, y)
					.lineTo(x + width, y)
					.lineWidth(0.75)
					.strokeColor(COLOURS.rule)
					.stroke()
				doc.y = y + 4 + gap
				break
			}
			case 'quote': {
				this.ensureSpace(this.lineHeight(BODY_SIZE))
				const page = this.pageIndex()
				const top = doc.y
				this.blocks(block.blocks, x + 12, width - 12, gap)
				const end = doc.y - gap
				const from = this.pageIndex() === page ? top : doc.page.margins.top
				doc.rect(x, from, 2.5, Math.max(0, end - from)).fill(COLOURS.rule)
				doc.y = end + gap
				break
			}
			case 'code': {
				const text = block.text.replace(/\n$/, '')
				const size = BODY_SIZE * 0.9
				doc.font('mono').fontSize(size)
				const height =
					doc.heightOfString(text, { width: width - 2 * CELL_PADDING, lineGap: LINE_GAP }) +
					2 * CELL_PADDING
				this.ensureSpace(Math.min(height, this.bottom - doc.page.margins.top))
				if (doc.y + height <= this.bottom) doc.rect(x, doc.y, width, height).fill(COLOURS.fill)
				const top = doc.y
				doc
					.font('mono')
					.fontSize(size)
					.fillColor(COLOURS.text)
					.text(text, x + CELL_PADDING, top + CELL_PADDING, {
						width: width - 2 * CELL_PADDING,
						lineGap: LINE_GAP,
					})
				doc.x = this.left
				doc.y = Math.max(doc.y, top + height) + gap
				break
			}
		}
	}

	pageIndex() {
		const range = this.doc.bufferedPageRange()
		return range.start + range.count - 1
	}

	list(list: Extract<Block, { type: 'list' }>, x: number, width: number, level: number) {
		const { doc } = this
		doc.font('regular').fontSize(BODY_SIZE)
		const markerWidth = list.ordered
			? Math.max(16, doc.widthOfString(`${list.start + list.items.length - 1}.`) + 6)
			: 14
		list.items.forEach((item, index) => {
			const marker = list.ordered ? `${list.start + index}.` : BULLETS[level % BULLETS.length]!
			this.ensureSpace(this.lineHeight(BODY_SIZE))
			const y = doc.y
			doc
				.font('regular')
				.fontSize(BODY_SIZE)
				.fillColor(COLOURS.text)
				.text(marker, x, y, { width: markerWidth, lineBreak: false })
			doc.x = this.left
			doc.y = y
			for (const child of item.blocks) {
				if (child.type === 'list') this.list(child, x + markerWidth, width - markerWidth, level + 1)
				else this.block(child, x + markerWidth, width - markerWidth, 2)
			}
		})
	}

	table(rows: TableRow[], x: number, width: number) {
		const { doc } = this
		const grid = tableGrid(rows)
		const columns = grid[0]!.length
		const columnWidth = width / columns
		const innerWidth = (span: number) => span * columnWidth - 2 * CELL_PADDING
		const repeatHeader = rows.length > 1 && rows[0]!.cells.every((cell) => cell.header)

		// Consecutive slots of one cell are one box; only the slot where it starts shows text.
		const boxes = grid.map((row) => {
			const result: { column: number; span: number; cell: TableCell; content: Inline[] }[] = []
			row.forEach((slot, column) => {
				const last = result.at(-1)
				if (last && last.cell === slot.cell) last.span++
				else
					result.push({
						column,
						span: 1,
						cell: slot.cell,
						content: slot.origin ? cellContent(slot.cell) : [],
					})
			})
			return result
		})
		// Text in one style is measured in that style; mixed styles in bold, the widest of them,
		// so that text never overflows its box.
		const measureFont = (box: (typeof boxes)[number][number]) => {
			const used = new Set(
				segments(box.content, { size: BODY_SIZE, bold: box.cell.header }).map((part) => part.font),
			)
			return used.size === 1 ? [...used][0]! : 'bold'
		}
		const heights = boxes.map(
			(row) =>
				Math.max(
					this.lineHeight(BODY_SIZE, 'bold'),
					...row.map((box) =>
						box.content.length
							? doc
									.font(measureFont(box))
									.fontSize(BODY_SIZE)
									.heightOfString(plain(box.content), {
										width: innerWidth(box.span),
										lineGap: LINE_GAP,
									})
							: 0,
					),
				) +
				2 * CELL_PADDING,
		)

		const drawRow = (index: number) => {
			const top = doc.y
			const height = heights[index]!
			for (const box of boxes[index]!) {
				const left = x + box.column * columnWidth
				const boxWidth = box.span * columnWidth
				if (box.cell.header) doc.rect(left, top, boxWidth, height).fill(COLOURS.fill)
				if (box.content.length) {
					doc.y = top + CELL_PADDING
					this.rich(box.content, left + CELL_PADDING, innerWidth(box.span), {
						size: BODY_SIZE,
						bold: box.cell.header,
					})
				}
				doc.rect(left, top, boxWidth, height).lineWidth(0.6).strokeColor(COLOURS.rule).stroke()
			}
			doc.x = this.left
			doc.y = top + height
		}

		heights.forEach((height, index) => {
			if (doc.y + height > this.bottom && doc.y > doc.page.margins.top) {
				doc.addPage()
				if (repeatHeader && index > 0) drawRow(0)
			}
			drawRow(index)
		})
	}

	footers(label: string) {
		const { doc } = this
		const range = doc.bufferedPageRange()
		for (let index = 0; index < range.count; index++) {
			doc.switchToPage(range.start + index)
			// Writing below the bottom margin would otherwise start a new page.
			const bottom = doc.page.margins.bottom
			doc.page.margins.bottom = 0
			doc
				.font('regular')
				.fontSize(8.5)
				.fillColor(COLOURS.muted)
				.text(
					label.replace('{page}', String(index + 1)).replace('{pages}', String(range.count)),
					this.left,
					doc.page.height - 40,
					{ width: this.width, align: 'center', lineBreak: false },
				)
			doc.page.margins.bottom = bottom
		}
	}
}

/** The minutes as an A4 PDF with DejaVu Sans embedded and "Strana X z Y" in every footer. */
export function minutesToPdf(view: MinutesExport): Promise<Buffer> {
	const writer = new PdfWriter(view)
	const { doc, done } = writer
	writer.rich([{ type: 'text', text: view.title, marks: {} }], writer.left, writer.width, {
		size: 18,
		bold: true,
	})
	doc.y += 4
	writer.rich([{ type: 'text', text: view.details, marks: {} }], writer.left, writer.width, {
		size: 9.5,
		colour: COLOURS.muted,
	})
	doc.y += 14
	writer.blocks(view.blocks, writer.left, writer.width)
	writer.footers(view.pageLabel)
	doc.end()
	return done
}
