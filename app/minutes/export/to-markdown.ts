import type { MinutesExport } from './minutes-export.ts'
import { type Block, type Inline, type Marks, tableGrid, type TableCell } from './minutes-model.ts'

/**
 * The minutes as CommonMark with GitHub tables. Text is escaped so that what people typed is
 * shown as typed (a line starting "1." or "-" stays text, asterisks stay asterisks). Markdown
 * has no underline; underlined text is plain.
 */
export function minutesToMarkdown(view: MinutesExport): string {
	const chunks = [
		`# ${inlineMarkdown([{ type: 'text', text: view.title, marks: {} }], 'space')}`,
		inlineMarkdown([{ type: 'text', text: view.details, marks: {} }], 'hard'),
		...blockChunks(view.blocks),
	]
	return `${chunks.join('\n\n')}\n`
}

// ── Inline text ───────────────────────────────────────────────────────────────────────────────

/** How a hard break is written: a CommonMark hard break, `<br>` inside table cells, a space in headings. */
type BreakStyle = 'hard' | 'html' | 'space'

type OpenMark = { kind: 'bold' | 'italic' | 'strike' } | { kind: 'link'; href: string }

/** Outermost first; code is written per run (it cannot contain other formatting). */
const STACKED = ['link', 'bold', 'italic', 'strike'] as const

const DELIMITERS = { bold: '**', italic: '*', strike: '~~' } as const

function escapeText(text: string) {
	return text.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
}

/** Escapes what would turn the start of a line into a heading, quote, list or rule. */
function escapeLineStart(text: string) {
	return text.replace(/^(\d{1,9})([.)])/, '$1\\$2').replace(/^[#>+=-]/, '\\$&')
}

function codeSpan(text: string, inTable: boolean) {
	const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
	const fence = '`'.repeat(longest + 1)
	const padded = /^[`\s]|[`\s]$/.test(text) ? ` ${text} ` : text
	return `${fence}${inTable ? padded.replace(/\|/g, '\\|') : padded}${fence}`
}

function linkTarget(href: string) {
	return href.replace(
		/[\s()<>]/g,
		(char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
	)
}

function opener(mark: OpenMark) {
	return mark.kind === 'link' ? '[' : DELIMITERS[mark.kind]
}

function closer(mark: OpenMark) {
	return mark.kind === 'link' ? `](${linkTarget(mark.href)})` : DELIMITERS[mark.kind]
}

function wanted(marks: Marks): OpenMark[] {
	const result: OpenMark[] = []
	for (const kind of STACKED) {
		if (kind === 'link') {
			if (marks.link) result.push({ kind, href: marks.link })
		} else if (marks[kind]) {
			result.push({ kind })
		}
	}
	return result
}

const sameMark = (a: OpenMark, b: OpenMark) =>
	a.kind === b.kind && (a.kind !== 'link' || (b.kind === 'link' && a.href === b.href))

function inlineMarkdown(content: Inline[], breaks: BreakStyle): string {
	let out = ''
	/** Only paragraph lines can turn into other blocks; headings and table cells cannot. */
	let lineStart = breaks === 'hard'
	/** Whitespace not written yet: it goes outside the delimiters closed or opened next. */
	let pending = ''
	const stack: OpenMark[] = []
	const closeTo = (depth: number) => {
		while (stack.length > depth) out += closer(stack.pop()!)
	}
	for (const part of content) {
		if (part.type === 'break') {
			closeTo(0)
			pending = ''
			if (breaks === 'space') {
				pending = ' '
			} else {
				out += breaks === 'html' ? '<br>' : '\\\n'
				lineStart = breaks === 'hard'
			}
			continue
		}
		const [, lead = '', core = '', trail = ''] = /^(\s*)(.*?)(\s*)$/s.exec(part.text) ?? []
		if (!core) {
			if (out && !lineStart) pending += part.text
			continue
		}
		const marks = wanted(part.marks)
		let keep = 0
		while (keep < stack.length && marks.some((mark) => sameMark(mark, stack[keep]!))) keep++
		closeTo(keep)
		if (out && !lineStart) out += pending + lead
		pending = ''
		const opened = marks.filter((mark) => !stack.some((open) => sameMark(open, mark)))
		for (const mark of opened) {
			out += opener(mark)
			stack.push(mark)
		}
		if (part.marks.code) out += codeSpan(core, breaks === 'html')
		else {
			const escaped = escapeText(core)
			out += lineStart && !opened.length ? escapeLineStart(escaped) : escaped
		}
		lineStart = false
		pending = trail
	}
	closeTo(0)
	return out
}

// ── Blocks ────────────────────────────────────────────────────────────────────────────────────

function muted(content: Inline[]): Inline[] {
	return content.map((part) =>
		part.type === 'text' ? { ...part, marks: { ...part.marks, italic: true as const } } : part,
	)
}

function indent(text: string, prefix: string, first = prefix) {
	return text
		.split('\n')
		.map((line, index) => (index === 0 ? first + line : line ? prefix + line : line))
		.join('\n')
}

function fence(text: string) {
	const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
	const marker = '`'.repeat(Math.max(3, longest + 1))
	return `${marker}\n${text.replace(/\n$/, '')}\n${marker}`
}

/** The Markdown of each block; the caller separates them with a blank line. */
function blockChunks(blocks: Block[]): string[] {
	const chunks: string[] = []
	let previous: Block | undefined
	let previousAlternate = false
	for (const block of blocks) {
		// Two lists in a row would run into one: the second uses the other marker.
		const alternate: boolean =
			previous?.type === 'list' && block.type === 'list' && previous.ordered === block.ordered
				? !previousAlternate
				: false
		chunks.push(blockMarkdown(block, alternate))
		previousAlternate = alternate
		previous = block
	}
	return chunks
}

function blockMarkdown(block: Block, alternate: boolean): string {
	switch (block.type) {
		case 'heading':
			// A run of # at the end of a heading line would be read as its closing sequence.
			return `${'#'.repeat(block.level + 1)} ${inlineMarkdown(block.content, 'space')}`.replace(
				/(\s)(#+)$/,
				'$1\\$2',
			)
		case 'paragraph':
			return inlineMarkdown(block.emphasis ? muted(block.content) : block.content, 'hard')
		case 'list':
			return block.items
				.map((item, index) => {
					const marker = block.ordered
						? `${block.start + index}${alternate ? ')' : '.'}`
						: alternate
							? '*'
							: '-'
					const parts = blockChunks(item.blocks)
					const body = parts
						.map((part, partIndex) =>
							partIndex === 0
								? part
								: `${item.blocks[partIndex]?.type === 'list' ? '' : '\n'}${part}`,
						)
						.join('\n')
					return indent(body, ' '.repeat(marker.length + 1), `${marker} `)
				})
				.join('\n')
		case 'table':
			return tableMarkdown(block.rows)
		case 'rule':
			return '---'
		case 'quote':
			return blockChunks(block.blocks)
				.join('\n\n')
				.split('\n')
				.map((line) => (line ? `> ${line}` : '>'))
				.join('\n')
		case 'code':
			return fence(block.text)
	}
}

function cellMarkdown(cell: TableCell): string {
	const parts: string[] = []
	const walk = (blocks: Block[], prefix = '') => {
		for (const block of blocks) {
			switch (block.type) {
				case 'heading':
				case 'paragraph':
					parts.push(prefix + inlineMarkdown(block.content, 'html'))
					break
				case 'list':
					block.items.forEach((item, index) => {
						const marker = block.ordered ? `${block.start + index}. ` : '• '
						walk(item.blocks, prefix + marker)
					})
					break
				case 'quote':
					walk(block.blocks, prefix)
					break
				case 'code':
					parts.push(prefix + codeSpan(block.text.replace(/\n/g, ' '), true))
					break
				case 'table':
					for (const row of block.rows) for (const inner of row.cells) walk(inner.blocks, prefix)
					break
				case 'rule':
					break
			}
			prefix = ''
		}
	}
	walk(cell.blocks)
	return parts.join('<br>')
}

function tableMarkdown(rows: Parameters<typeof tableGrid>[0]): string {
	const grid = tableGrid(rows)
	const line = (cells: string[]) => `| ${cells.join(' | ')} |`
	const texts = grid.map((row) =>
		row.map((slot) => (slot.origin ? cellMarkdown(slot.cell) || ' ' : ' ')),
	)
	const [header, ...body] = texts
	return [line(header!), line(header!.map(() => '---')), ...body.map(line)].join('\n')
}
