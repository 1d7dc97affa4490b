import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { useTranslation } from '#app/i18n/use-translation.ts'
import { assignAuthorColours, type AuthorColour } from './colours.ts'
import { AUTHORS_MAP, visibleAuthors } from './minutes-doc.ts'
import type { MinutesSession } from './minutes-session.ts'
import { SnapshotView, UNKNOWN_AUTHOR_COLOUR } from './snapshot-view.tsx'

/** Re-render the coloured copy at most this often while others type. */
const REFRESH_MS = 1000

type Rendering = {
	doc: Y.Doc
	pud: Y.PermanentUserData
	snapshot: Y.Snapshot
	colours: Map<string, AuthorColour>
	names: Map<string, string>
	authors: Array<string | null>
}

const collator = new Intl.Collator('cs', { sensitivity: 'base' })

/** A copy of the live document, ready to render everything it contains as "added by …". */
function render(live: Y.Doc): Rendering {
	const doc = new Y.Doc({ gc: false })
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(live))
	const pud = new Y.PermanentUserData(doc)
	const names = new Map(Object.entries(doc.getMap<string>(AUTHORS_MAP).toJSON()))
	const present = [...visibleAuthors(doc, pud)]
	const colours = assignAuthorColours(present.filter((id): id is string => id !== null))
	const nameOf = (id: string | null) => (id ? names.get(id) : undefined) ?? ''
	const authors = present.sort(
		(a, b) => Number(a === null) - Number(b === null) || collator.compare(nameOf(a), nameOf(b)),
	)
	return { doc, pud, snapshot: Y.snapshot(doc), colours, names, authors }
}

/**
 * "Barvit podle autorů": the minutes read-only, each person's text on their colour, with a
 * legend. Text deleted since is not shown here (the version comparison shows removals).
 */
export function AuthorsView({ session }: { session: MinutesSession }) {
	const { t } = useTranslation()
	const [rendering, setRendering] = useState<Rendering | null>(null)

	useEffect(() => {
		let timer: ReturnType<typeof setTimeout> | null = null
		setRendering(render(session.doc))
		const onUpdate = () => {
			timer ??= setTimeout(() => {
				timer = null
				setRendering(render(session.doc))
			}, REFRESH_MS)
		}
		session.doc.on('update', onUpdate)
		return () => {
			session.doc.off('update', onUpdate)
			if (timer) clearTimeout(timer)
		}
	}, [session])

	useEffect(() => () => rendering?.doc.destroy(), [rendering])

	if (!rendering) return null
	const authorName = (userId: string | null) =>
		(userId ? rendering.names.get(userId) : undefined) ?? t('minutes.authors.unknown')
	return (
		<div className="authors-view stack">
			<p className="muted">{t('minutes.authors.hint')}</p>
			<div className="authors-legend">
				<span id="authors-legend-label" className="authors-legend__label">
					{t('minutes.authors.legend')}:
				</span>
				<ul aria-labelledby="authors-legend-label">
					{rendering.authors.map((userId) => {
						const colour = (userId && rendering.colours.get(userId)) || UNKNOWN_AUTHOR_COLOUR
						return (
							<li key={userId ?? 'unknown'}>
								<span
									className="swatch swatch--text"
									style={{ backgroundColor: colour.light, borderColor: colour.dark }}
									aria-hidden="true"
								/>
								{authorName(userId)}
							</li>
						)
					})}
				</ul>
			</div>
			<SnapshotView
				key={rendering.doc.guid}
				doc={rendering.doc}
				pud={rendering.pud}
				snapshot={rendering.snapshot}
				prevSnapshot={Y.emptySnapshot}
				colourBy="author"
				colours={rendering.colours}
				authorName={authorName}
				label={t('minutes.authors.viewLabel')}
				className="minutes-editor minutes-editor--authors"
			/>
		</div>
	)
}
