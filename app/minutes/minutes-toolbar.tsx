import { type Editor, useEditorState } from '@tiptap/react'
import { useRef, useState } from 'react'
import { useTranslation } from '#app/i18n/use-translation.ts'

type Tool = {
	id: string
	label: string
	/** Shown in the title and announced via aria-keyshortcuts. */
	keys?: { shown: string; aria: string }
	/** Toggles get aria-pressed. */
	pressed?: boolean
	disabled?: boolean
	run: () => void
}

const shortcut = (shown: string, aria: string) => ({ shown, aria })

/**
 * The formatting toolbar (WAI-ARIA toolbar pattern): one tab stop, arrow keys move between the
 * buttons (Home/End to the ends), toggles say whether they are on (aria-pressed), and every
 * title names the keyboard shortcut.
 */
export function MinutesToolbar({ editor, onLink }: { editor: Editor; onLink: () => void }) {
	const { t } = useTranslation()
	const state = useEditorState({
		editor,
		selector: ({ editor: current }) => ({
			bold: current.isActive('bold'),
			italic: current.isActive('italic'),
			heading: current.isActive('heading', { level: 3 }),
			subheading: current.isActive('heading', { level: 4 }),
			bulletList: current.isActive('bulletList'),
			orderedList: current.isActive('orderedList'),
			link: current.isActive('link'),
			inTable: current.isActive('table'),
			canUndo: current.can().undo(),
			canRedo: current.can().redo(),
		}),
	})
	const chain = () => editor.chain().focus()
	const tools: Tool[] = [
		{
			id: 'bold',
			label: t('minutes.toolbar.bold'),
			keys: shortcut('Ctrl+B', 'Control+B'),
			pressed: state.bold,
			run: () => chain().toggleBold().run(),
		},
		{
			id: 'italic',
			label: t('minutes.toolbar.italic'),
			keys: shortcut('Ctrl+I', 'Control+I'),
			pressed: state.italic,
			run: () => chain().toggleItalic().run(),
		},
		{
			id: 'heading',
			label: t('minutes.toolbar.heading'),
			keys: shortcut('Ctrl+Alt+3', 'Control+Alt+3'),
			pressed: state.heading,
			run: () => chain().toggleHeading({ level: 3 }).run(),
		},
		{
			id: 'subheading',
			label: t('minutes.toolbar.subheading'),
			keys: shortcut('Ctrl+Alt+4', 'Control+Alt+4'),
			pressed: state.subheading,
			run: () => chain().toggleHeading({ level: 4 }).run(),
		},
		{
			id: 'bulletList',
			label: t('minutes.toolbar.bulletList'),
			keys: shortcut('Ctrl+Shift+8', 'Control+Shift+8'),
			pressed: state.bulletList,
			run: () => chain().toggleBulletList().run(),
		},
		{
			id: 'orderedList',
			label: t('minutes.toolbar.orderedList'),
			keys: shortcut('Ctrl+Shift+7', 'Control+Shift+7'),
			pressed: state.orderedList,
			run: () => chain().toggleOrderedList().run(),
		},
		{
			id: 'link',
			label: t('minutes.toolbar.link'),
			keys: shortcut('Ctrl+K', 'Control+K'),
			pressed: state.link,
			run: onLink,
		},
		{
			id: 'table',
			label: t('minutes.toolbar.table'),
			disabled: state.inTable,
			run: () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
		},
		...(state.inTable
			? [
					{
						id: 'addRow',
						label: t('minutes.toolbar.addRow'),
						run: () => chain().addRowAfter().run(),
					},
					{
						id: 'addColumn',
						label: t('minutes.toolbar.addColumn'),
						run: () => chain().addColumnAfter().run(),
					},
					{
						id: 'deleteRow',
						label: t('minutes.toolbar.deleteRow'),
						run: () => chain().deleteRow().run(),
					},
					{
						id: 'deleteColumn',
						label: t('minutes.toolbar.deleteColumn'),
						run: () => chain().deleteColumn().run(),
					},
					{
						id: 'deleteTable',
						label: t('minutes.toolbar.deleteTable'),
						run: () => chain().deleteTable().run(),
					},
				]
			: []),
		{
			id: 'undo',
			label: t('minutes.toolbar.undo'),
			keys: shortcut('Ctrl+Z', 'Control+Z'),
			disabled: !state.canUndo,
			run: () => chain().undo().run(),
		},
		{
			id: 'redo',
			label: t('minutes.toolbar.redo'),
			keys: shortcut('Ctrl+Y', 'Control+Y'),
			disabled: !state.canRedo,
			run: () => chain().redo().run(),
		},
	]
	return <RovingToolbar label={t('minutes.toolbar.label')} tools={tools} />
}

function RovingToolbar({ label, tools }: { label: string; tools: Tool[] }) {
	const { t } = useTranslation()
	const [activeId, setActiveId] = useState(tools[0]!.id)
	const buttons = useRef(new Map<string, HTMLButtonElement>())
	const activeIndex = Math.max(
		0,
		tools.findIndex((tool) => tool.id === activeId),
	)

	const moveTo = (index: number) => {
		const tool = tools[(index + tools.length) % tools.length]!
		setActiveId(tool.id)
		buttons.current.get(tool.id)?.focus()
	}

	const onKeyDown = (event: React.KeyboardEvent, index: number) => {
		const moves: Record<string, number> = {
			ArrowRight: index + 1,
			ArrowLeft: index - 1,
			Home: 0,
			End: tools.length - 1,
		}
		const target = moves[event.key]
		if (target === undefined) return
		event.preventDefault()
		moveTo(target)
	}

	return (
		<div role="toolbar" aria-label={label} className="minutes-toolbar">
			{tools.map((tool, index) => (
				<button
					key={tool.id}
					ref={(element) => {
						if (element) buttons.current.set(tool.id, element)
						else buttons.current.delete(tool.id)
					}}
					type="button"
					className={`toolbar-button toolbar-button--${tool.id}`}
					tabIndex={index === activeIndex ? 0 : -1}
					aria-pressed={tool.pressed === undefined ? undefined : tool.pressed}
					aria-disabled={tool.disabled || undefined}
					aria-keyshortcuts={tool.keys?.aria}
					title={
						tool.keys
							? t('minutes.toolbar.withShortcut', { label: tool.label, keys: tool.keys.shown })
							: tool.label
					}
					onFocus={() => setActiveId(tool.id)}
					onKeyDown={(event) => onKeyDown(event, index)}
					// Keep the text selection while clicking.
					onMouseDown={(event) => event.preventDefault()}
					onClick={() => {
						if (!tool.disabled) tool.run()
					}}
				>
					{tool.label}
				</button>
			))}
		</div>
	)
}
