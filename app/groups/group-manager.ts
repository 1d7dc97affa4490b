import type { GroupRole } from '#db/schema/groups.ts'

/** The group roles that manage a group: plan its meetings, keep its members, approve minutes. */
export const MANAGER_ROLES = ['convenor'] as const satisfies readonly GroupRole[]

/**
 * THE rule of who manages a group: administrators manage every group, convenors their own.
 * Pages, lists, the realtime resolver and SQL lists (`MANAGER_ROLES`) all follow it.
 */
export function managesGroup(actor: { isAdmin: boolean }, role: GroupRole | null): boolean {
	return actor.isAdmin || (role !== null && (MANAGER_ROLES as readonly GroupRole[]).includes(role))
}
