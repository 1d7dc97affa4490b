import { Extension } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { EditorContent, useEditor } from '@tiptap/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { pageNonce } from '#app/utils/nonce.tsx'
import { AuthorsView } from './authors-view.tsx'
import { CleanTextInput } from './clean-text-input.ts'
import { minutesSchemaExtensions } from './editor-extensions.ts'
import { LinkDialog } from './link-dialog.tsx'
import { MINUTES_FIELD } from './minutes-doc.ts'
import { createMinutesSession, type MinutesSession, type MinutesUser } from './minutes-session.ts'
import { MinutesToolbar } from './minutes-toolbar.tsx'
import { PresenceList } from './presence-list.tsx'
import { SaveStatus } from './save-status.tsx'
import { useDocState } from './use-doc-state.ts'

export type MinutesEditorProps = {
	meetingId: string
	user: MinutesUser
	canWrite: boolean
	/** Lets the page share the open minutes with the version history. */
	onSession?: (session: MinutesSession | null) => void
}

/**
 * The live minutes: opens the shared document, then shows save status, presence, the toolbar,
 * the editor and the authorship view. Browser only (loaded lazily by MinutesClient).
 */
export default function MinutesEditor({
	meetingId,
	user,
	canWrite,
	onSession,
}: MinutesEditorProps) {
	const { t } = useTranslation()
	const [session, setSession] = useState<MinutesSession | null>(null)
	const onSessionRef = useRef(onSession)
	onSessionRef.current = onSession

	useEffect(() => {
		const opened = createMinutesSession({ meetingId, user, canWrite })
		setSession(opened)
		onSessionRef.current?.(opened)
		return () => {
			onSessionRef.current?.(null)
			setSession(null)
			opened.destroy()
		}
	}, [meetingId, user.id, user.name, canWrite]) // eslint-disable-line react-hooks/exhaustive-deps

	if (!session) return <p className="muted">{t('minutes.loading')}</p>
	return <LiveMinutes key={session.doc.guid} session={session} canWrite={canWrite} />
}

/** The caret of someone else: a coloured bar with their name (decorative for screen readers). */
function renderCaret(user: Record<string, unknown>) {
	const caret = document.createElement('span')
	caret.className = 'collaboration-carets__caret'
	caret.setAttribute('aria-hidden', 'true')
	caret.style.borderColor = String(user.color)
	const label = document.createElement('span')
	label.className = 'collaboration-carets__label'
	label.style.backgroundColor = String(user.color)
	label.textContent = String(user.name ?? '')
	caret.append(label)
	return caret
}

function LiveMinutes({ session, canWrite }: { session: MinutesSession; canWrite: boolean }) {
	const { t } = useTranslation()
	const state = useDocState(session.handle)
	const readOnly = !canWrite || state.readOnly
	const [byAuthor, setByAuthor] = useState(false)
	const [linkOpen, setLinkOpen] = useState(false)
	const openLinkRef = useRef<() => void>(() => {})

	const editor = useEditor(
		{
			immediatelyRender: false,
			// TipTap's own <style> element needs the page's CSP nonce (server/security-headers.ts).
			injectNonce: pageNonce(),
			editable: !readOnly,
			extensions: [
				...minutesSchemaExtensions(),
				CleanTextInput,
				Collaboration.configure({ document: session.doc, field: MINUTES_FIELD }),
				CollaborationCaret.configure({
					provider: session.handle,
					user: { id: session.user.id, name: session.user.name, color: session.user.color },
					render: renderCaret,
				}),
				Extension.create({
					name: 'minutesShortcuts',
					addKeyboardShortcuts: () => ({
						'Mod-k': () => {
							openLinkRef.current()
							return true
						},
					}),
				}),
			],
			editorProps: { attributes: editorAttributes(t('minutes.editorLabel'), readOnly) },
		},
		[session],
	)

	useEffect(() => {
		if (!editor) return
		editor.setEditable(!readOnly)
		editor.setOptions({
			editorProps: { attributes: editorAttributes(t('minutes.editorLabel'), readOnly) },
		})
	}, [editor, readOnly, t])

	const openLink = useCallback(() => {
		if (editor && !readOnly) setLinkOpen(true)
	}, [editor, readOnly])
	openLinkRef.current = openLink

	const closeLink = useCallback(() => {
		setLinkOpen(false)
		editor?.commands.focus()
	}, [editor])

	// Leaving with changes that only this browser has: the browser asks first.
	useEffect(() => {
		if (state.pending === 0 || (state.connection === 'online' && !state.error)) return
		const warn = (event: BeforeUnloadEvent) => {
			event.preventDefault()
			event.returnValue = ''
		}
		window.addEventListener('beforeunload', warn)
		return () => window.removeEventListener('beforeunload', warn)
	}, [state.pending, state.connection, state.error])

	const currentLink = editor?.getAttributes('link').href as string | undefined

	return (
		<div className="minutes stack">
			<div className="minutes-bar">
				<SaveStatus state={state} />
				<PresenceList awareness={session.awareness} />
			</div>
			{readOnly ? (
				<p className="minutes-readonly">
					<strong className="badge">{t('minutes.readOnly')}</strong>{' '}
					<span className="muted">{t('minutes.readOnly.hint')}</span>
				</p>
			) : null}
			<div className="minutes-tools">
				{editor && !readOnly && !byAuthor ? (
					<MinutesToolbar editor={editor} onLink={openLink} />
				) : null}
				<button
					type="button"
					className="button button--secondary minutes-authors-toggle"
					aria-pressed={byAuthor}
					onClick={() => setByAuthor((value) => !value)}
				>
					{t('minutes.authors.toggle')}
				</button>
			</div>
			<div hidden={byAuthor}>
				<EditorContent editor={editor} className="minutes-editor" />
			</div>
			{byAuthor ? <AuthorsView session={session} /> : null}
			{editor ? (
				<LinkDialog
					open={linkOpen}
					initialUrl={currentLink ?? ''}
					hasLink={Boolean(currentLink)}
					onApply={(href) => {
						const chain = editor.chain().focus()
						if (editor.state.selection.empty && !editor.isActive('link')) {
							chain.insertContent({
								type: 'text',
								text: href,
								marks: [{ type: 'link', attrs: { href } }],
							})
						} else {
							chain.extendMarkRange('link').setLink({ href })
						}
						chain.run()
						setLinkOpen(false)
					}}
					onRemove={() => {
						editor.chain().focus().extendMarkRange('link').unsetLink().run()
						setLinkOpen(false)
					}}
					onClose={closeLink}
				/>
			) : null}
		</div>
	)
}

function editorAttributes(label: string, readOnly: boolean): Record<string, string> {
	return {
		class: 'minutes-document',
		role: 'textbox',
		'aria-multiline': 'true',
		'aria-label': label,
		...(readOnly ? { 'aria-readonly': 'true' } : {}),
	}
}
