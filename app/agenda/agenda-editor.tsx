import { useCallback, useEffect, useId, useRef, useState } from 'react'
import type * as Y from 'yjs'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { PresenceList } from '#app/minutes/presence-list.tsx'
import { SaveStatus } from '#app/minutes/save-status.tsx'
import { useDocState } from '#app/minutes/use-doc-state.ts'
import {
	addItem,
	type AgendaItem,
	type AgendaStatus,
	AGENDA_STATUSES,
	agendaTiming,
	deleteItem,
	MAX_TEXT_LENGTH,
	MAX_TITLE_LENGTH,
	moveItem,
	parsePlannedMinutes,
	readAgenda,
	restoreItem,
	updateItem,
} from './agenda-doc.ts'
import { type AgendaSession, type AgendaUser, createAgendaSession } from './agenda-session.ts'

export type AgendaEditorProps = {
	meetingId: string
	user: AgendaUser
	canWrite: boolean
	/** The meeting's length in minutes (end − start, or 120 without an end). */
	meetingMinutes: number
}

/** Typing is written to the shared document after this pause (and at once on leaving a field). */
const TYPING_DEBOUNCE_MS = 300

/** The live agenda: opens the shared document, then shows status, presence, timing and items. */
export default function AgendaEditor({
	meetingId,
	user,
	canWrite,
	meetingMinutes,
}: AgendaEditorProps) {
	const { t } = useTranslation()
	const [session, setSession] = useState<AgendaSession | null>(null)
	useEffect(() => {
		const opened = createAgendaSession({ meetingId, user })
		setSession(opened)
		return () => {
			setSession(null)
			opened.destroy()
		}
	}, [meetingId, user.id, user.name]) // eslint-disable-line react-hooks/exhaustive-deps
	if (!session) return <p className="muted">{t('agenda.loading')}</p>
	return (
		<LiveAgenda
			key={session.doc.guid}
			session={session}
			canWrite={canWrite}
			meetingMinutes={meetingMinutes}
		/>
	)
}

function useAgendaItems(doc: Y.Doc) {
	const [items, setItems] = useState<AgendaItem[]>(() => readAgenda(doc))
	useEffect(() => {
		const update = () => setItems(readAgenda(doc))
		update()
		doc.on('update', update)
		return () => doc.off('update', update)
	}, [doc])
	return items
}

type FocusTarget = { id: string; control: 'up' | 'down' | 'title' | 'delete' | 'add' }

function LiveAgenda({
	session,
	canWrite,
	meetingMinutes,
}: {
	session: AgendaSession
	canWrite: boolean
	meetingMinutes: number
}) {
	const { t } = useTranslation()
	const state = useDocState(session.handle)
	const readOnly = !canWrite || state.readOnly
	const items = useAgendaItems(session.doc)
	const timing = agendaTiming(items, meetingMinutes)
	const [announcement, setAnnouncement] = useState('')
	const [deleted, setDeleted] = useState<AgendaItem | null>(null)
	const [dragging, setDragging] = useState<string | null>(null)
	const controls = useRef(new Map<string, HTMLElement>())
	const addButton = useRef<HTMLButtonElement>(null)
	const [focusTarget, setFocusTarget] = useState<FocusTarget | null>(null)

	const register = useCallback(
		(id: string, control: FocusTarget['control']) => (element: HTMLElement | null) => {
			const key = `${id}:${control}`
			if (element) controls.current.set(key, element)
			else controls.current.delete(key)
		},
		[],
	)

	// Focus follows the item that was moved or added, once it is rendered in its new place.
	useEffect(() => {
		if (!focusTarget) return
		const element =
			focusTarget.control === 'add'
				? addButton.current
				: (controls.current.get(`${focusTarget.id}:${focusTarget.control}`) ?? null)
		if (element && !(element as HTMLButtonElement).disabled) element.focus()
		else {
			const fallback = focusTarget.control === 'up' ? 'down' : 'up'
			const other = controls.current.get(`${focusTarget.id}:${fallback}`) as
				HTMLButtonElement | undefined
			if (other && !other.disabled) other.focus()
		}
		setFocusTarget(null)
	}, [focusTarget, items])

	const move = (id: string, toIndex: number, control?: 'up' | 'down') => {
		const landed = moveItem(session.doc, id, toIndex)
		if (landed === null) return
		setAnnouncement(t('agenda.moved', { position: landed + 1 }))
		if (control) setFocusTarget({ id, control })
	}

	const add = () => {
		const id = addItem(session.doc)
		setDeleted(null)
		setAnnouncement(t('agenda.added', { position: readAgenda(session.doc).length }))
		setFocusTarget({ id, control: 'title' })
	}

	const remove = (item: AgendaItem) => {
		deleteItem(session.doc, item.id)
		setDeleted(item)
		setAnnouncement(t('agenda.deleted', { title: item.title || t('agenda.item.untitled') }))
		setFocusTarget({ id: item.id, control: 'add' })
	}

	const undo = () => {
		if (!deleted) return
		restoreItem(session.doc, deleted)
		setAnnouncement(t('agenda.restored', { title: deleted.title || t('agenda.item.untitled') }))
		setFocusTarget({ id: deleted.id, control: 'title' })
		setDeleted(null)
	}

	return (
		<div className="stack agenda">
			<div className="agenda__bar">
				<SaveStatus state={state} />
				<PresenceList awareness={session.awareness} />
			</div>
			{readOnly ? <p className="muted">{t('agenda.readOnly.hint')}</p> : null}

			<div className="agenda__timing" aria-live="polite">
				<p>
					{t('agenda.timing.sum', {
						planned: timing.plannedMinutes,
						length: timing.meetingMinutes,
					})}{' '}
					{timing.overBy === 0 ? t('agenda.timing.left', { count: timing.leftOver }) : null}
				</p>
				{timing.overBy > 0 ? (
					<p className="agenda__warning" data-testid="agenda-over">
						{t('agenda.timing.over', { count: timing.overBy })}
					</p>
				) : null}
			</div>

			<p className="visually-hidden" aria-live="polite" role="status">
				{announcement}
			</p>

			{items.length === 0 ? <p className="muted">{t('agenda.empty')}</p> : null}
			<ol className="agenda__list" aria-label={t('agenda.listLabel')}>
				{items.map((item, index) => (
					<AgendaItemRow
						key={item.id}
						item={item}
						index={index}
						count={items.length}
						readOnly={readOnly}
						doc={session.doc}
						register={register}
						dragging={dragging === item.id}
						onMove={move}
						onDelete={remove}
						onDragStart={() => setDragging(item.id)}
						onDragEnd={() => setDragging(null)}
						onDropHere={(draggedId) => {
							setDragging(null)
							if (draggedId !== item.id) move(draggedId, index)
						}}
					/>
				))}
			</ol>

			{deleted ? (
				<p className="agenda__undo">
					{t('agenda.deleted', { title: deleted.title || t('agenda.item.untitled') })}{' '}
					<button type="button" className="button button--secondary" onClick={undo}>
						{t('agenda.undo')}
					</button>
				</p>
			) : null}

			{readOnly ? null : (
				<p>
					<button type="button" className="button" onClick={add} ref={addButton}>
						{t('agenda.add')}
					</button>
				</p>
			)}
		</div>
	)
}

const DRAG_TYPE = 'application/x-sitovka-agenda-item'

function AgendaItemRow({
	item,
	index,
	count,
	readOnly,
	doc,
	register,
	dragging,
	onMove,
	onDelete,
	onDragStart,
	onDragEnd,
	onDropHere,
}: {
	item: AgendaItem
	index: number
	count: number
	readOnly: boolean
	doc: Y.Doc
	register: (id: string, control: FocusTarget['control']) => (element: HTMLElement | null) => void
	dragging: boolean
	onMove: (id: string, toIndex: number, control?: 'up' | 'down') => void
	onDelete: (item: AgendaItem) => void
	onDragStart: () => void
	onDragEnd: () => void
	onDropHere: (draggedId: string) => void
}) {
	const { t } = useTranslation()
	const number = index + 1
	const headingId = useId()
	const [confirming, setConfirming] = useState(false)
	const [dropTarget, setDropTarget] = useState(false)
	const title = item.title || t('agenda.item.untitled')
	const rowRef = useRef<HTMLLIElement>(null)
	const dropRef = useRef(onDropHere)
	dropRef.current = onDropHere

	// The whole row is a drop target (listeners added directly: the row itself is not a control;
	// keyboard users move items with the buttons).
	useEffect(() => {
		const row = rowRef.current
		if (!row || readOnly) return
		const over = (event: DragEvent) => {
			if (!event.dataTransfer?.types.includes(DRAG_TYPE)) return
			event.preventDefault()
			event.dataTransfer.dropEffect = 'move'
			setDropTarget(true)
		}
		const leave = () => setDropTarget(false)
		const drop = (event: DragEvent) => {
			setDropTarget(false)
			const id = event.dataTransfer?.getData(DRAG_TYPE)
			if (!id) return
			event.preventDefault()
			dropRef.current(id)
		}
		row.addEventListener('dragover', over)
		row.addEventListener('dragleave', leave)
		row.addEventListener('drop', drop)
		return () => {
			row.removeEventListener('dragover', over)
			row.removeEventListener('dragleave', leave)
			row.removeEventListener('drop', drop)
		}
	}, [readOnly])

	return (
		<li
			className={`agenda-item card${dragging ? ' agenda-item--dragging' : ''}${dropTarget ? ' agenda-item--drop' : ''}`}
			data-item-id={item.id}
			ref={rowRef}
		>
			<section aria-labelledby={headingId} className="stack">
				<div className="agenda-item__head">
					{readOnly ? null : (
						<span
							className="agenda-item__handle"
							draggable
							aria-hidden="true"
							title={t('agenda.drag', { number })}
							onDragStart={(event) => {
								event.dataTransfer.setData(DRAG_TYPE, item.id)
								event.dataTransfer.effectAllowed = 'move'
								const row = event.currentTarget.closest('li')
								if (row) event.dataTransfer.setDragImage(row, 16, 16)
								onDragStart()
							}}
							onDragEnd={onDragEnd}
						>
							⠿
						</span>
					)}
					<h3 id={headingId} className="agenda-item__title">
						{t('agenda.item.label', { number, title })}
					</h3>
					{item.plannedMinutes !== null ? (
						<span className="badge">{item.plannedMinutes} min</span>
					) : null}
				</div>
				{item.carriedFromId ? <p className="muted">{t('agenda.carriedFrom')}</p> : null}

				<div className="agenda-item__fields">
					<TextInput
						label={t('agenda.field.title')}
						value={item.title}
						readOnly={readOnly}
						maxLength={MAX_TITLE_LENGTH}
						inputRef={register(item.id, 'title')}
						onCommit={(value) => updateItem(doc, item.id, 'title', value)}
					/>
					<TextInput
						label={t('agenda.field.presenter')}
						value={item.presenter}
						readOnly={readOnly}
						maxLength={MAX_TITLE_LENGTH}
						onCommit={(value) => updateItem(doc, item.id, 'presenter', value)}
					/>
					<MinutesInput
						label={t('agenda.field.plannedMinutes')}
						value={item.plannedMinutes}
						readOnly={readOnly}
						onCommit={(value) => updateItem(doc, item.id, 'plannedMinutes', value)}
					/>
					<StatusSelect
						value={item.status}
						readOnly={readOnly}
						onChange={(status) => updateItem(doc, item.id, 'status', status)}
					/>
					<TextInput
						label={t('agenda.field.description')}
						value={item.description}
						readOnly={readOnly}
						multiline
						maxLength={MAX_TEXT_LENGTH}
						onCommit={(value) => updateItem(doc, item.id, 'description', value)}
					/>
					<TextInput
						label={t('agenda.field.linkRef')}
						hint={t('agenda.field.linkRef.hint')}
						value={item.linkRef}
						readOnly={readOnly}
						maxLength={MAX_TITLE_LENGTH}
						onCommit={(value) => updateItem(doc, item.id, 'linkRef', value.trim())}
					/>
				</div>

				{readOnly ? null : (
					<div className="actions agenda-item__actions">
						<button
							type="button"
							className="button button--secondary"
							ref={register(item.id, 'up')}
							disabled={index === 0}
							aria-label={t('agenda.moveUp.label', { number })}
							onClick={() => onMove(item.id, index - 1, 'up')}
						>
							{t('agenda.moveUp')}
						</button>
						<button
							type="button"
							className="button button--secondary"
							ref={register(item.id, 'down')}
							disabled={index === count - 1}
							aria-label={t('agenda.moveDown.label', { number })}
							onClick={() => onMove(item.id, index + 1, 'down')}
						>
							{t('agenda.moveDown')}
						</button>
						{confirming ? (
							<span
								className="agenda-item__confirm"
								role="group"
								aria-label={t('agenda.delete.confirm', { title })}
							>
								<span>{t('agenda.delete.confirm', { title })}</span>{' '}
								<button
									type="button"
									className="button button--danger"
									onClick={() => onDelete(item)}
								>
									{t('agenda.delete.yes')}
								</button>{' '}
								<button
									type="button"
									className="button button--secondary"
									autoFocus
									onClick={() => setConfirming(false)}
								>
									{t('agenda.delete.no')}
								</button>
							</span>
						) : (
							<button
								type="button"
								className="button button--danger"
								aria-label={t('agenda.delete.label', { number })}
								onClick={() => setConfirming(true)}
							>
								{t('agenda.delete')}
							</button>
						)}
					</div>
				)}
			</section>
		</li>
	)
}

/**
 * A labelled text field bound to one field of an item. While someone types, their text is
 * shown and written to the document after a short pause (and on leaving the field); otherwise
 * the field shows the document's value, including other people's changes.
 */
function TextInput({
	label,
	hint,
	value,
	readOnly,
	multiline = false,
	maxLength,
	inputRef,
	onCommit,
}: {
	label: string
	hint?: string
	value: string
	readOnly: boolean
	multiline?: boolean
	maxLength: number
	inputRef?: (element: HTMLElement | null) => void
	onCommit: (value: string) => void
}) {
	const id = useId()
	const [draft, setDraft] = useState<string | null>(null)
	const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
	const commitRef = useRef(onCommit)
	commitRef.current = onCommit
	const draftRef = useRef(draft)
	draftRef.current = draft

	const flush = useCallback(() => {
		if (timer.current) clearTimeout(timer.current)
		timer.current = null
		if (draftRef.current !== null) commitRef.current(draftRef.current)
	}, [])
	// Leaving the page with a pending pause still writes what was typed.
	useEffect(() => flush, [flush])

	const onChange = (next: string) => {
		setDraft(next)
		draftRef.current = next
		if (timer.current) clearTimeout(timer.current)
		timer.current = setTimeout(flush, TYPING_DEBOUNCE_MS)
	}
	const onBlur = () => {
		flush()
		setDraft(null)
	}
	const shown = draft ?? value
	const common = {
		id,
		value: shown,
		readOnly,
		maxLength,
		'aria-describedby': hint ? `${id}-hint` : undefined,
		onBlur,
	}
	return (
		<div className={`field${multiline ? ' agenda-item__wide' : ''}`}>
			<label htmlFor={id}>{label}</label>
			{hint ? (
				<p id={`${id}-hint`} className="field-hint">
					{hint}
				</p>
			) : null}
			{multiline ? (
				<textarea
					{...common}
					ref={inputRef}
					rows={2}
					onChange={(event) => onChange(event.currentTarget.value)}
				/>
			) : (
				<input
					{...common}
					ref={inputRef}
					type="text"
					onChange={(event) => onChange(event.currentTarget.value)}
				/>
			)}
		</div>
	)
}

/**
 * Planned minutes: a whole number or empty. Anything else shows a Czech error under the field
 * and stays typed there (it is not written to the document until it is a number).
 */
function MinutesInput({
	label,
	value,
	readOnly,
	onCommit,
}: {
	label: string
	value: number | null
	readOnly: boolean
	onCommit: (value: number | null) => void
}) {
	const { t } = useTranslation()
	const id = useId()
	const [draft, setDraft] = useState<string | null>(null)
	const [error, setError] = useState<string | null>(null)
	const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
	useEffect(
		() => () => {
			if (timer.current) clearTimeout(timer.current)
		},
		[],
	)

	const commit = (text: string, final: boolean) => {
		const parsed = parsePlannedMinutes(text)
		if (!parsed.ok) {
			setError(parsed.error)
			return
		}
		setError(null)
		onCommit(parsed.value)
		if (final) setDraft(null)
	}
	return (
		<div className="field">
			<label htmlFor={id}>{label}</label>
			<input
				id={id}
				type="text"
				inputMode="numeric"
				autoComplete="off"
				value={draft ?? (value === null ? '' : String(value))}
				readOnly={readOnly}
				aria-invalid={error ? true : undefined}
				aria-describedby={error ? `${id}-error` : undefined}
				onChange={(event) => {
					const next = event.currentTarget.value
					setDraft(next)
					if (timer.current) clearTimeout(timer.current)
					timer.current = setTimeout(() => commit(next, false), TYPING_DEBOUNCE_MS)
				}}
				onBlur={() => {
					if (timer.current) clearTimeout(timer.current)
					if (draft !== null) commit(draft, true)
				}}
			/>
			{error ? (
				<p id={`${id}-error`} className="field-errors" role="alert">
					{t(error)}
				</p>
			) : null}
		</div>
	)
}

function StatusSelect({
	value,
	readOnly,
	onChange,
}: {
	value: AgendaStatus
	readOnly: boolean
	onChange: (status: AgendaStatus) => void
}) {
	const { t } = useTranslation()
	const id = useId()
	return (
		<div className="field">
			<label htmlFor={id}>{t('agenda.field.status')}</label>
			<select
				id={id}
				value={value}
				disabled={readOnly}
				onChange={(event) => onChange(event.currentTarget.value as AgendaStatus)}
			>
				{AGENDA_STATUSES.map((status) => (
					<option key={status} value={status}>
						{t(`agenda.status.${status}`)}
					</option>
				))}
			</select>
		</div>
	)
}
