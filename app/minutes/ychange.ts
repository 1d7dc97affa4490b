import { Extension, Mark } from '@tiptap/core'

/**
 * What y-tiptap puts on text and blocks when it renders a snapshot: who added or removed it and
 * the colour assigned to that person (`colorMapping`).
 */
export type YChange = {
	user: string | null
	type: 'added' | 'removed'
	color: { light: string; dark: string } | null
}

type YChangeOptions = {
	/** `author`: background in the author's colour; `change`: styled by added/removed (CSS). */
	colourBy: 'author' | 'change'
	/** Name shown as a tooltip for a user id. */
	authorName: (userId: string | null) => string
}

function describe(change: YChange | null, options: YChangeOptions) {
	if (!change?.type) return {}
	const attributes: Record<string, string> = {
		'data-ychange': change.type,
		title: options.authorName(change.user),
	}
	if (options.colourBy === 'author' && change.color) {
		attributes.style = `--author-light: ${change.color.light}; --author-dark: ${change.color.dark}`
	}
	return attributes
}

/**
 * The `ychange` mark y-tiptap requires in the schema to render a snapshot. Without it rendering
 * fails, and y-tiptap then deletes the text it could not render: only read-only views on copies
 * of the document use it.
 */
export const YChangeMark = Mark.create<YChangeOptions>({
	name: 'ychange',
	inclusive: false,
	addOptions() {
		return { colourBy: 'author', authorName: (userId) => userId ?? '' }
	},
	addAttributes() {
		return {
			user: { default: null, rendered: false },
			type: { default: null, rendered: false },
			color: { default: null, rendered: false },
		}
	},
	parseHTML() {
		return []
	},
	renderHTML({ mark }) {
		return ['span', { class: 'ychange', ...describe(mark.attrs as YChange, this.options) }, 0]
	},
})

const BLOCK_TYPES = [
	'paragraph',
	'heading',
	'bulletList',
	'orderedList',
	'listItem',
	'blockquote',
	'codeBlock',
	'horizontalRule',
	'table',
	'tableRow',
	'tableCell',
	'tableHeader',
]

/** The same for whole blocks (a paragraph added or removed). */
export const YChangeBlocks = Extension.create<YChangeOptions>({
	name: 'ychangeBlocks',
	addOptions() {
		return { colourBy: 'author', authorName: (userId) => userId ?? '' }
	},
	addGlobalAttributes() {
		return [
			{
				types: BLOCK_TYPES,
				attributes: {
					ychange: {
						default: null,
						keepOnSplit: false,
						parseHTML: () => null,
						renderHTML: (attributes) =>
							describe(attributes.ychange as YChange | null, this.options),
					},
				},
			},
		]
	},
})
