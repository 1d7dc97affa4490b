import type { GroupInput } from '#app/groups/group.schema.ts'
import { addGroupMember, createGroup } from '#app/groups/groups.server.ts'
import { person, type Person } from './route-helpers.ts'

/** How someone stands to the group: `admin` runs Síťovka, `outsider` is in no group. */
export type NetworkRole = 'admin' | 'convenor' | 'member' | 'guest' | 'observer' | 'outsider'

/** An e-mail address and a full name. */
export type Identity = readonly [email: string, name: string]

/** The usual people around the Kolín platform. */
export const KOLIN_PEOPLE: Record<NetworkRole, Identity> = {
	admin: ['spravce@sitovka.cz', 'Správce Síťovky'],
	convenor: ['martina.horakova@kolin.cz', 'Martina Horáková'],
	member: ['tomas.cerny@charita-kolin.cz', 'Tomáš Černý'],
	guest: ['petra.novotna@uradprace.cz', 'Petra Novotná'],
	observer: ['jan.dvorak@kr-s.cz', 'Jan Dvořák'],
	outsider: ['eva.kralova@nadeje.cz', 'Eva Králová'],
}

export const KOLIN_GROUP: GroupInput = {
	name: 'Platforma KMB Kolín',
	kind: 'platforma_kmb',
	scope: 'orp',
	orpKod: '2104',
}

const DEFAULT_ROLES = ['admin', 'convenor', 'member', 'observer', 'outsider'] as const

/**
 * Signs in one person for each role (in the order given, by default the Kolín people) and
 * creates a group convened by the convenor, with the member, guest and observer in their
 * roles; the administrator and the outsider stay out of it.
 */
export async function network<const R extends NetworkRole = (typeof DEFAULT_ROLES)[number]>(
	options: {
		roles?: readonly R[]
		people?: Partial<Record<R, Identity>>
		group?: GroupInput
	} = {},
): Promise<Record<R, Person> & { groupId: string }> {
	const roles = options.roles ?? (DEFAULT_ROLES as readonly NetworkRole[] as readonly R[])
	const people = {} as Record<R, Person>
	for (const role of roles) {
		const [email, name] = options.people?.[role] ?? KOLIN_PEOPLE[role]
		people[role] = await person(email, name, role === 'admin')
	}
	const convenor = (people as Partial<Record<NetworkRole, Person>>).convenor
	if (!convenor) throw new Error('a network needs a convenor')
	const groupId = createGroup(options.group ?? KOLIN_GROUP, convenor.id).id
	for (const role of roles) {
		if (role === 'member' || role === 'guest' || role === 'observer') {
			addGroupMember(groupId, people[role].id, role)
		}
	}
	return { ...people, groupId }
}
