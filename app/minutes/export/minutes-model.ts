import * as Y from 'yjs'
import { docFromState, MINUTES_FIELD } from '#app/minutes/minutes-doc.ts'

/**
 * The minutes as neutral blocks, independent of the editor and of any output format. Every
 * export (Markdown, DOCX, PDF) renders this model and nothing else.
 *
 * It is read straight from the Yjs document (the editor's ProseMirror schema is not needed on
 * the server): y-tiptap stores every ProseMirror node as a `Y.XmlElement` named after the node
 * type with the node's attributes, and text as `Y.XmlText` whose formatting attributes are the
 * marks (`bold: {}`, `link: { href }`, …; a mark that may overlap itself gets a `--<hash>`
 * suffix). Node types this module does not know are kept as their text, never dropped.
 */

export type Marks = {
	bold?: true
	italic?: true
	underline?: true
	strike?: true
	code?: true
	/** Only http(s), mailto and tel addresses; other links are kept as plain text. */
	link?: string
}

export type Inline = { type: 'text'; text: string; marks: Marks } | { type: 'break' }

/** 1 is the minutes' top heading level (h3 in the editor), whatever levels the document uses. */
export type HeadingLevel = 1 | 2 | 3 | 4

export type ListItem = { blocks: Block[] }
export type TableCell = { header: boolean; colspan: number; rowspan: number; blocks: Block[] }
export type TableRow = { cells: TableCell[] }

export type Block =
	| { type: 'heading'; level: HeadingLevel; content: Inline[]; confidential?: boolean }
	| { type: 'paragraph'; content: Inline[]; emphasis?: 'muted' }
	| { type: 'list'; ordered: boolean; start: number; items: ListItem[] }
	| { type: 'table'; rows: TableRow[] }
	| { type: 'rule' }
	| { type: 'quote'; blocks: Block[] }
	| { type: 'code'; text: string }

type YNode = Y.XmlElement | Y.XmlText | Y.XmlHook

const SAFE_LINK = /^(https?:\/\/|mailto:|tel:)/i

/** Mark name from a y-tiptap text attribute (`link--AbCd1234` → `link`). */
function markName(attribute: string) {
	return /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(attribute)?.[1] ?? attribute
}

function marksFrom(attributes: Record<string, unknown> | undefined): Marks {
	const marks: Marks = {}
	for (const [attribute, value] of Object.entries(attributes ?? {})) {
		if (value === null || value === undefined) continue
		switch (markName(attribute)) {
			case 'bold':
				marks.bold = true
				break
			case 'italic':
				marks.italic = true
				break
			case 'underline':
				marks.underline = true
				break
			case 'strike':
				marks.strike = true
				break
			case 'code':
				marks.code = true
				break
			case 'link': {
				const href = (value as { href?: unknown }).href
				if (typeof href === 'string' && SAFE_LINK.test(href.trim())) marks.link = href.trim()
				break
			}
		}
	}
	return marks
}

function sameMarks(a: Marks, b: Marks) {
	return (
		a.bold === b.bold &&
		a.italic === b.italic &&
		a.underline === b.underline &&
		a.strike === b.strike &&
		a.code === b.code &&
		a.link === b.link
	)
}

/** Appends text, merging it into the previous run when the formatting is the same. */
function pushText(target: Inline[], text: string, marks: Marks) {
	if (!text) return
	const last = target.at(-1)
	if (last?.type === 'text' && sameMarks(last.marks, marks)) last.text += text
	else target.push({ type: 'text', text, marks })
}

/** The inline content of a textblock: its texts with their marks and its hard breaks. */
function inlines(element: Y.XmlElement | Y.XmlFragment): Inline[] {
	const result: Inline[] = []
	const walk = (node: YNode) => {
		if (node instanceof Y.XmlText) {
			for (const part of node.toDelta() as Array<{ insert: unknown; attributes?: object }>) {
				if (typeof part.insert !== 'string') continue
				const marks = marksFrom(part.attributes as Record<string, unknown> | undefined)
				// The editor shows a newline inside text (pasted text can hold one) as a line break.
				part.insert.split('\n').forEach((line, index) => {
					if (index) result.push({ type: 'break' })
					pushText(result, line, marks)
				})
			}
		} else if (node instanceof Y.XmlElement) {
			if (node.nodeName === 'hardBreak') result.push({ type: 'break' })
			// An unknown inline node keeps its text.
			else for (const child of node.toArray()) walk(child)
		}
	}
	for (const child of element.toArray()) walk(child)
	return result
}

/** All the text below a node, for code blocks and unknown nodes. */
function plainText(node: YNode): string {
	if (node instanceof Y.XmlText) {
		return (node.toDelta() as Array<{ insert: unknown }>)
			.map((part) => (typeof part.insert === 'string' ? part.insert : ''))
			.join('')
	}
	if (node instanceof Y.XmlElement) {
		if (node.nodeName === 'hardBreak') return '\n'
		return node
			.toArray()
			.map((child) => plainText(child))
			.join('')
	}
	return ''
}

function positiveInteger(value: unknown, fallback: number) {
	const number = typeof value === 'string' ? Number(value) : value
	return typeof number === 'number' && Number.isInteger(number) && number >= 1 ? number : fallback
}

function hasText(content: Inline[]) {
	return content.some((part) => part.type === 'text' && part.text.trim() !== '')
}

/** Heading levels relative to the shallowest heading, so the outline survives any levels. */
type Context = { topHeading: number }

function blocks(elements: YNode[], context: Context): Block[] {
	const result: Block[] = []
	for (const node of elements) {
		if (node instanceof Y.XmlHook) continue
		if (node instanceof Y.XmlText) {
			// Text directly in a block container is not what the editor writes; keep it anyway.
			const content: Inline[] = []
			pushText(content, plainText(node), {})
			if (hasText(content)) result.push({ type: 'paragraph', content })
			continue
		}
		result.push(...block(node, context))
	}
	return result
}

function elementChildren(element: Y.XmlElement) {
	return element.toArray().filter((child): child is Y.XmlElement => child instanceof Y.XmlElement)
}

function block(element: Y.XmlElement, context: Context): Block[] {
	switch (element.nodeName) {
		case 'paragraph': {
			const content = inlines(element)
			// Empty paragraphs are spacing in the editor and nothing in a document.
			return hasText(content) ? [{ type: 'paragraph', content }] : []
		}
		case 'heading': {
			const content = inlines(element)
			if (!hasText(content)) return []
			const stored = positiveInteger(element.getAttribute('level'), 1)
			const level = Math.min(4, Math.max(1, stored - context.topHeading + 1)) as HeadingLevel
			const heading: Block = { type: 'heading', level, content }
			if ((element.getAttribute('confidential') as unknown) === true) heading.confidential = true
			return [heading]
		}
		case 'bulletList':
		case 'orderedList': {
			const items = elementChildren(element)
				.map((item) => ({ blocks: blocks(item.toArray(), context) }))
				.filter((item) => item.blocks.length > 0)
			if (!items.length) return []
			return [
				{
					type: 'list',
					ordered: element.nodeName === 'orderedList',
					start: positiveInteger(element.getAttribute('start'), 1),
					items,
				},
			]
		}
		case 'table': {
			const rows = elementChildren(element)
				.map((row) => ({
					cells: elementChildren(row).map((cell) => ({
						header: cell.nodeName === 'tableHeader',
						colspan: positiveInteger(cell.getAttribute('colspan'), 1),
						rowspan: positiveInteger(cell.getAttribute('rowspan'), 1),
						blocks: blocks(cell.toArray(), context),
					})),
				}))
				.filter((row) => row.cells.length > 0)
			return rows.length ? [{ type: 'table', rows }] : []
		}
		case 'blockquote': {
			const inner = blocks(element.toArray(), context)
			return inner.length ? [{ type: 'quote', blocks: inner }] : []
		}
		case 'codeBlock': {
			const text = plainText(element)
			return text.trim() ? [{ type: 'code', text }] : []
		}
		case 'horizontalRule':
			return [{ type: 'rule' }]
		default: {
			// A node type this export does not know yet: its blocks, or its text as a paragraph.
			const children = element.toArray()
			const isContainer = children.some(
				(child) => child instanceof Y.XmlElement && child.nodeName !== 'hardBreak',
			)
			if (isContainer) return blocks(children, context)
			const content = inlines(element)
			return hasText(content) ? [{ type: 'paragraph', content }] : []
		}
	}
}

/** The shallowest heading level in the document (the editor offers h3 and h4). */
function topHeadingLevel(fragment: Y.XmlFragment) {
	let top = Infinity
	for (const node of fragment.createTreeWalker(
		(item) => item instanceof Y.XmlElement && item.nodeName === 'heading',
	)) {
		top = Math.min(top, positiveInteger((node as Y.XmlElement).getAttribute('level'), 1))
	}
	return Number.isFinite(top) ? top : 1
}

/** The minutes' blocks in a Y.Doc (its `default` XmlFragment). */
export function minutesBlocksFromDoc(doc: Y.Doc): Block[] {
	const fragment = doc.getXmlFragment(MINUTES_FIELD)
	return blocks(fragment.toArray(), { topHeading: topHeadingLevel(fragment) })
}

/** The minutes' blocks in a stored state (`loadStoredState`). */
export function minutesBlocksFromState(state: Uint8Array): Block[] {
	const doc = docFromState(state)
	try {
		return minutesBlocksFromDoc(doc)
	} finally {
		doc.destroy()
	}
}

// ── Sections ──────────────────────────────────────────────────────────────────────────────────

/**
 * A part of the minutes that can be left out of an export as a whole. Each top-level heading
 * starts a section; blocks before the first heading form a section of their own.
 * `confidential` comes from the heading's `confidential` attribute, which the editor does not
 * set yet: today every section is public.
 */
export type MinutesSection = { confidential: boolean; blocks: Block[] }

export function minutesSections(all: Block[]): MinutesSection[] {
	const sections: MinutesSection[] = []
	for (const item of all) {
		if (item.type === 'heading' && item.level === 1) {
			sections.push({ confidential: item.confidential === true, blocks: [item] })
		} else if (sections.length) {
			sections.at(-1)!.blocks.push(item)
		} else {
			sections.push({ confidential: false, blocks: [item] })
		}
	}
	return sections
}

// ── Tables ────────────────────────────────────────────────────────────────────────────────────

/** A position in a table's grid: the cell that starts there, or a place a span covers. */
export type GridSlot = { cell: TableCell; origin: boolean }

/**
 * The table as a rectangular grid (colspan and rowspan spread out), for formats that have no
 * merged cells or need column counts. Short rows are padded with empty cells.
 */
export function tableGrid(rows: TableRow[]): GridSlot[][] {
	const grid: (GridSlot | undefined)[][] = rows.map(() => [])
	rows.forEach((row, rowIndex) => {
		let column = 0
		for (const cell of row.cells) {
			while (grid[rowIndex]![column]) column++
			for (let r = 0; r < cell.rowspan && rowIndex + r < rows.length; r++) {
				for (let c = 0; c < cell.colspan; c++) {
					grid[rowIndex + r]![column + c] = { cell, origin: r === 0 && c === 0 }
				}
			}
			column += cell.colspan
		}
	})
	const width = Math.max(1, ...grid.map((row) => row.length))
	return grid.map((row) =>
		Array.from(
			{ length: width },
			(_, column) =>
				row[column] ?? {
					cell: { header: false, colspan: 1, rowspan: 1, blocks: [] },
					origin: true,
				},
		),
	)
}
