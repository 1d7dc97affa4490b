import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { useTranslation } from '#app/i18n/use-translation.ts'

type Person = { id: string; name: string; color: string; self: boolean }

const collator = new Intl.Collator('cs', { sensitivity: 'base' })

/** Everyone with an awareness state, once per person (several tabs count once), me first. */
function collectPeople(awareness: Awareness): Person[] {
	const people = new Map<string, Person>()
	awareness.getStates().forEach((state, clientId) => {
		const user = (state as { user?: { id?: unknown; name?: unknown; color?: unknown } }).user
		if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') return
		const self = clientId === awareness.clientID
		if (people.has(user.id) && !self) return
		people.set(user.id, {
			id: user.id,
			name: user.name,
			color: typeof user.color === 'string' ? user.color : '#4d5561',
			self: self || people.get(user.id)?.self === true,
		})
	})
	return [...people.values()].sort(
		(a, b) => Number(b.self) - Number(a.self) || collator.compare(a.name, b.name),
	)
}

/** Who is in the minutes now: name and colour swatch (the colour of their caret). */
export function PresenceList({ awareness }: { awareness: Awareness }) {
	const { t } = useTranslation()
	const [people, setPeople] = useState<Person[]>(() => collectPeople(awareness))
	useEffect(() => {
		const update = () => setPeople(collectPeople(awareness))
		update()
		awareness.on('change', update)
		return () => awareness.off('change', update)
	}, [awareness])
	return (
		<div className="presence">
			<span id="presence-label" className="presence__label">
				{t('minutes.presence.label')}:
			</span>
			<ul className="presence__list" aria-labelledby="presence-label">
				{people.map((person) => (
					<li key={person.id} className="presence__person">
						<span className="swatch" style={{ backgroundColor: person.color }} aria-hidden="true" />
						{person.self ? t('minutes.presence.you', { name: person.name }) : person.name}
					</li>
				))}
			</ul>
		</div>
	)
}
