import { Fragment, type ReactNode } from 'react'
import type { Block, HeadingLevel, Inline } from './export/minutes-model.ts'

/**
 * The minutes' neutral blocks (the export model) as read-only HTML, e.g. on the public page.
 * `topLevel` is the HTML heading level of the minutes' top headings.
 */
export function BlocksView({ blocks, topLevel = 3 }: { blocks: Block[]; topLevel?: number }) {
	return (
		<>
			{blocks.map((block, index) => (
				<BlockView key={index} block={block} topLevel={topLevel} />
			))}
		</>
	)
}

function headingTag(level: HeadingLevel, topLevel: number) {
	return `h${Math.min(6, topLevel + level - 1)}` as 'h3'
}

function InlineView({ content }: { content: Inline[] }) {
	return (
		<>
			{content.map((part, index) => {
				if (part.type === 'break') return <br key={index} />
				let node: ReactNode = part.text
				const { marks } = part
				if (marks.code) node = <code>{node}</code>
				if (marks.bold) node = <strong>{node}</strong>
				if (marks.italic) node = <em>{node}</em>
				if (marks.underline) node = <u>{node}</u>
				if (marks.strike) node = <s>{node}</s>
				if (marks.link)
					node = (
						<a href={marks.link} rel="noopener noreferrer nofollow">
							{node}
						</a>
					)
				return <Fragment key={index}>{node}</Fragment>
			})}
		</>
	)
}

function BlockView({ block, topLevel }: { block: Block; topLevel: number }) {
	switch (block.type) {
		case 'heading': {
			const Tag = headingTag(block.level, topLevel)
			return (
				<Tag>
					<InlineView content={block.content} />
				</Tag>
			)
		}
		case 'paragraph':
			return (
				<p className={block.emphasis === 'muted' ? 'muted' : undefined}>
					<InlineView content={block.content} />
				</p>
			)
		case 'list': {
			const items = block.items.map((item, index) => (
				<li key={index}>
					<BlocksView blocks={item.blocks} topLevel={topLevel} />
				</li>
			))
			return block.ordered ? (
				<ol start={block.start === 1 ? undefined : block.start}>{items}</ol>
			) : (
				<ul>{items}</ul>
			)
		}
		case 'table':
			return (
				<div className="table-wrap">
					<table className="table">
						<tbody>
							{block.rows.map((row, rowIndex) => (
								<tr key={rowIndex}>
									{row.cells.map((cell, cellIndex) => {
										const Cell = cell.header ? 'th' : 'td'
										return (
											<Cell
												key={cellIndex}
												colSpan={cell.colspan > 1 ? cell.colspan : undefined}
												rowSpan={cell.rowspan > 1 ? cell.rowspan : undefined}
											>
												<BlocksView blocks={cell.blocks} topLevel={topLevel} />
											</Cell>
										)
									})}
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)
		case 'rule':
			return <hr />
		case 'quote':
			return (
				<blockquote>
					<BlocksView blocks={block.blocks} topLevel={topLevel} />
				</blockquote>
			)
		case 'code':
			return (
				<pre>
					<code>{block.text}</code>
				</pre>
			)
	}
}
