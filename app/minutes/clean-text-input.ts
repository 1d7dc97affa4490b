import { Extension } from '@tiptap/core'
import { Fragment, type Node, Slice } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { cleanText } from '#app/utils/normalize.ts'

/** Text nodes of a pasted fragment with `cleanText` applied; emptied text nodes are dropped. */
function cleanFragment(fragment: Fragment): Fragment {
	const nodes: Node[] = []
	fragment.forEach((node) => {
		if (node.isText) {
			const text = cleanText(node.text ?? '')
			if (text) nodes.push(node.type.schema.text(text, node.marks))
		} else {
			nodes.push(node.copy(cleanFragment(node.content)))
		}
	})
	return Fragment.from(nodes)
}

export function cleanSlice(slice: Slice): Slice {
	return new Slice(cleanFragment(slice.content), slice.openStart, slice.openEnd)
}

/**
 * The minutes follow the rule of form fields (app/utils/normalize.ts `cleanText`): pasted,
 * dropped and typed text loses bidirectional controls and control characters before it enters
 * the document. (Minutes reach the server through Yjs, past the form middleware.)
 */
export const CleanTextInput = Extension.create({
	name: 'cleanTextInput',
	addProseMirrorPlugins() {
		return [
			new Plugin({
				key: new PluginKey('cleanTextInput'),
				props: {
					transformPasted: (slice) => cleanSlice(slice),
					handleTextInput(view, from, to, text) {
						const clean = cleanText(text)
						if (clean === text) return false
						view.dispatch(view.state.tr.insertText(clean, from, to))
						return true
					},
				},
			}),
		]
	},
})
