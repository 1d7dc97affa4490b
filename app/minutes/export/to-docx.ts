import {
	AlignmentType,
	BorderStyle,
	Document,
	ExternalHyperlink,
	Footer,
	HeadingLevel,
	LevelFormat,
	Packer,
	PageNumber,
	Paragraph,
	type ParagraphChild,
	ShadingType,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
} from 'docx'
import type { MinutesExport } from './minutes-export.ts'
import { type Block, type Inline, tableGrid, type TableRow as ModelRow } from './minutes-model.ts'

/** A4 with 2 cm margins, in twentieths of a point. */
const PAGE = { width: 11906, height: 16838, margin: 1134 }
const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin
const LIST_INDENT = 360
const QUOTE_INDENT = 567
const BODY_FONT = 'Calibri'
const CODE_FONT = 'Consolas'
const MUTED = '5F6670'
const HEADINGS = [
	HeadingLevel.HEADING_1,
	HeadingLevel.HEADING_2,
	HeadingLevel.HEADING_3,
	HeadingLevel.HEADING_4,
	HeadingLevel.HEADING_5,
] as const
const BULLETS = ['•', '◦', '▪']
const BULLET_REFERENCE = 'minutes-bullet'

type Context = {
	/** Left indent of every paragraph (lists, quotes), in twips. */
	indent: number
	quote: boolean
	/** Header cells are bold throughout. */
	bold: boolean
	muted: boolean
}

const BASE: Context = { indent: 0, quote: false, bold: false, muted: false }

/**
 * Word numbering: one bullet definition and one decimal definition per start number. Every
 * ordered list is its own instance, so each starts counting again.
 */
class Numbering {
	private starts = new Set<number>()
	private instances = 0

	ordered(start: number) {
		this.starts.add(start)
		return { reference: `minutes-ordered-${start}`, instance: ++this.instances }
	}

	config() {
		const levels = (format: 'bullet' | 'decimal', start = 1) =>
			Array.from({ length: 9 }, (_, level) => ({
				level,
				format: format === 'bullet' ? LevelFormat.BULLET : LevelFormat.DECIMAL,
				text: format === 'bullet' ? BULLETS[level % BULLETS.length]! : `%${level + 1}.`,
				start,
				alignment: AlignmentType.LEFT,
				style: {
					paragraph: { indent: { left: LIST_INDENT * (level + 2), hanging: LIST_INDENT } },
				},
			}))
		return [
			{ reference: BULLET_REFERENCE, levels: levels('bullet') },
			...[...this.starts].map((start) => ({
				reference: `minutes-ordered-${start}`,
				levels: levels('decimal', start),
			})),
		]
	}
}

function runs(content: Inline[], context: Context): ParagraphChild[] {
	const children: ParagraphChild[] = []
	for (const part of content) {
		if (part.type === 'break') {
			children.push(new TextRun({ break: 1 }))
			continue
		}
		const { marks } = part
		const run = new TextRun({
			text: part.text,
			bold: marks.bold || context.bold || undefined,
			italics: marks.italic || context.muted || undefined,
			underline: marks.underline ? {} : undefined,
			strike: marks.strike || undefined,
			font: marks.code ? CODE_FONT : undefined,
			color: context.muted ? MUTED : undefined,
			style: marks.link ? 'Hyperlink' : undefined,
		})
		children.push(marks.link ? new ExternalHyperlink({ link: marks.link, children: [run] }) : run)
	}
	return children
}

function paragraphLayout(context: Context) {
	return {
		indent: context.indent ? { left: context.indent } : undefined,
		border: context.quote
			? { left: { style: BorderStyle.SINGLE, size: 12, color: 'B8BEC6', space: 8 } }
			: undefined,
	}
}

function renderBlocks(blocks: Block[], context: Context, numbering: Numbering) {
	return blocks.flatMap((block) => renderBlock(block, context, numbering))
}

function renderBlock(block: Block, context: Context, numbering: Numbering): (Paragraph | Table)[] {
	switch (block.type) {
		case 'heading':
			return [
				new Paragraph({
					heading: HEADINGS[Math.min(block.level, HEADINGS.length - 1)],
					keepNext: true,
					children: runs(block.content, context),
					...paragraphLayout(context),
				}),
			]
		case 'paragraph':
			return [
				new Paragraph({
					children: runs(block.content, { ...context, muted: block.emphasis === 'muted' }),
					...paragraphLayout(context),
				}),
			]
		case 'list':
			return renderList(block, context, numbering, 0)
		case 'table':
			return [renderTable(block.rows, numbering)]
		case 'rule':
			return [
				new Paragraph({
					border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } },
				}),
			]
		case 'quote':
			return renderBlocks(
				block.blocks,
				{ ...context, quote: true, indent: context.indent + QUOTE_INDENT },
				numbering,
			)
		case 'code':
			return [
				new Paragraph({
					...paragraphLayout(context),
					shading: { type: ShadingType.CLEAR, fill: 'F1F3F5', color: 'auto' },
					children: block.text
						.replace(/\n$/, '')
						.split('\n')
						.map(
							(line, index) =>
								new TextRun({ text: line, font: CODE_FONT, break: index ? 1 : undefined }),
						),
				}),
			]
	}
}

function renderList(
	list: Extract<Block, { type: 'list' }>,
	context: Context,
	numbering: Numbering,
	level: number,
): (Paragraph | Table)[] {
	const reference = list.ordered ? numbering.ordered(list.start) : { reference: BULLET_REFERENCE }
	const itemIndent = LIST_INDENT * (level + 2)
	const result: (Paragraph | Table)[] = []
	for (const item of list.items) {
		item.blocks.forEach((block, index) => {
			if (block.type === 'list') {
				result.push(...renderList(block, context, numbering, level + 1))
			} else if (index === 0 && (block.type === 'paragraph' || block.type === 'heading')) {
				result.push(
					new Paragraph({
						numbering: { ...reference, level },
						children: runs(block.content, context),
					}),
				)
			} else {
				// Further paragraphs of the item line up with its text, without a marker.
				result.push(
					...renderBlock(block, { ...context, indent: context.indent + itemIndent }, numbering),
				)
			}
		})
	}
	return result
}

function renderTable(rows: ModelRow[], numbering: Numbering) {
	const columns = tableGrid(rows)[0]!.length
	const columnWidth = Math.floor(CONTENT_WIDTH / columns)
	return new Table({
		width: { size: columnWidth * columns, type: WidthType.DXA },
		columnWidths: Array.from({ length: columns }, () => columnWidth),
		rows: rows.map(
			(row, index) =>
				new TableRow({
					// Only set when true: some readers take any tblHeader, even "off", as a header row.
					tableHeader: index === 0 && row.cells.every((cell) => cell.header) ? true : undefined,
					children: row.cells.map((cell) => {
						const content = renderBlocks(cell.blocks, { ...BASE, bold: cell.header }, numbering)
						return new TableCell({
							columnSpan: cell.colspan > 1 ? cell.colspan : undefined,
							rowSpan: cell.rowspan > 1 ? cell.rowspan : undefined,
							width: { size: columnWidth * cell.colspan, type: WidthType.DXA },
							shading: cell.header
								? { type: ShadingType.CLEAR, fill: 'EEF1F5', color: 'auto' }
								: undefined,
							margins: { top: 60, bottom: 60, left: 100, right: 100 },
							// A cell must hold a paragraph, and a table must not be its last element.
							children:
								content.at(-1) instanceof Paragraph ? content : [...content, new Paragraph({})],
						})
					}),
				}),
		),
	})
}

function pageFooter(label: string) {
	const children = label
		.split(/(\{page\}|\{pages\})/)
		.filter(Boolean)
		.map((part) =>
			part === '{page}' ? PageNumber.CURRENT : part === '{pages}' ? PageNumber.TOTAL_PAGES : part,
		)
	return new Footer({
		children: [
			new Paragraph({
				alignment: AlignmentType.CENTER,
				children: [new TextRun({ children, size: 18, color: MUTED })],
			}),
		],
	})
}

/** The minutes as a Word document (Office Open XML). */
export async function minutesToDocx(view: MinutesExport): Promise<Buffer> {
	const numbering = new Numbering()
	const body = renderBlocks(view.blocks, BASE, numbering)
	const document = new Document({
		title: view.title,
		creator: view.author,
		lastModifiedBy: 'Síťovka',
		styles: {
			default: {
				document: {
					run: { font: BODY_FONT, size: 22, language: { value: view.language } },
					paragraph: { spacing: { after: 120, line: 276 } },
				},
			},
		},
		numbering: { config: numbering.config() },
		sections: [
			{
				properties: {
					page: {
						size: { width: PAGE.width, height: PAGE.height },
						margin: {
							top: PAGE.margin,
							bottom: PAGE.margin,
							left: PAGE.margin,
							right: PAGE.margin,
						},
					},
				},
				footers: { default: pageFooter(view.pageLabel) },
				children: [
					new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(view.title)] }),
					new Paragraph({
						spacing: { after: 240 },
						children: [new TextRun({ text: view.details, color: MUTED })],
					}),
					...body,
				],
			},
		],
	})
	return Packer.toBuffer(document)
}
