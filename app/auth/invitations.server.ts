import { and, desc, eq, gt, isNull, TransactionRollbackError } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { formatDate } from '#app/i18n/format.ts'
import { createTranslator, type Locale } from '#app/i18n/i18n.ts'
import { sendMail } from '#app/mail/mailer.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { getDb } from '#db/client.ts'
import {
	groupMembers,
	groups,
	invitations,
	organisationMembers,
	organisations,
	users,
	type GroupRole,
} from '#db/schema.ts'
import { hashPassword } from './password.server.ts'
import { generateSecureRandomString, hashToken } from './tokens.server.ts'
import { findUserByEmail, normalizeEmail } from './users.server.ts'

/**
 * An invitation link works once, for 14 days: long enough for someone who reads work mail
 * only between client visits, short enough that a forgotten link in an inbox goes stale.
 */
export const INVITATION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000

function invitationUrl(token: string) {
	return `${getEnv().baseUrl}/invite/${token}`
}

/** The person sending an invitation. */
export type Inviter = { id: string; name: string; isAdmin: boolean }

export type InvitationRequest = {
	email: string
	name?: string | null
	invitedBy: Inviter
	organisationId?: string | null
	groupId?: string | null
	groupRole?: GroupRole | null
	isAdmin?: boolean
	/** The language of the e-mail: the inviter's. */
	locale: Locale
}

type InvitationField = 'groupId' | 'organisationId' | 'isAdmin'
export type InvitationFieldErrors = Partial<Record<InvitationField, string[]>>

/** Thrown when someone tries to invite where they may not; routes check first with `checkInvitationAllowed`. */
export class InvitationNotAllowedError extends Error {
	constructor(public readonly fieldErrors: InvitationFieldErrors) {
		super(`Invitation not allowed: ${JSON.stringify(fieldErrors)}`)
		this.name = 'InvitationNotAllowedError'
	}
}

/**
 * Who may invite where: administrators anyone into any group and organisation, and they alone
 * grant administrator rights; a convenor only into their own groups (a group is then required)
 * and only into organisations they belong to. Returns field errors, or null when allowed.
 */
export function checkInvitationAllowed(
	inviter: Inviter,
	target: { groupId?: string | null; organisationId?: string | null; isAdmin?: boolean },
): InvitationFieldErrors | null {
	const db = getDb()
	const errors: InvitationFieldErrors = {}
	if (target.groupId) {
		const group = db
			.select({ id: groups.id })
			.from(groups)
			.where(eq(groups.id, target.groupId))
			.get()
		if (!group) errors.groupId = ['error.invalidChoice']
		else if (!inviter.isAdmin) {
			const role = db
				.select({ role: groupMembers.role })
				.from(groupMembers)
				.where(and(eq(groupMembers.groupId, target.groupId), eq(groupMembers.userId, inviter.id)))
				.get()?.role
			if (role !== 'convenor') errors.groupId = ['groups.invite.groupNotAllowed']
		}
	} else if (!inviter.isAdmin) {
		errors.groupId = ['groups.invite.groupRequired']
	}
	if (target.organisationId) {
		const organisation = db
			.select({ id: organisations.id })
			.from(organisations)
			.where(eq(organisations.id, target.organisationId))
			.get()
		if (!organisation) errors.organisationId = ['error.invalidChoice']
		else if (!inviter.isAdmin) {
			const membership = db
				.select({ userId: organisationMembers.userId })
				.from(organisationMembers)
				.where(
					and(
						eq(organisationMembers.organisationId, target.organisationId),
						eq(organisationMembers.userId, inviter.id),
					),
				)
				.get()
			if (!membership) errors.organisationId = ['groups.invite.organisationNotAllowed']
		}
	}
	if (target.isAdmin && !inviter.isAdmin) errors.isAdmin = ['groups.invite.adminNotAllowed']
	return Object.keys(errors).length ? errors : null
}

/** Organisations the inviter may invite into: all for administrators, else their own. */
export function listInvitableOrganisations(inviter: Inviter) {
	const db = getDb()
	const collator = new Intl.Collator('cs', { sensitivity: 'base' })
	const rows = inviter.isAdmin
		? db.select({ id: organisations.id, name: organisations.name }).from(organisations).all()
		: db
				.select({ id: organisations.id, name: organisations.name })
				.from(organisationMembers)
				.innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
				.where(eq(organisationMembers.userId, inviter.id))
				.all()
	return rows.sort((a, b) => collator.compare(a.name, b.name))
}

function describeTarget(organisationId?: string | null, groupId?: string | null) {
	const db = getDb()
	const organisation = organisationId
		? db
				.select({ name: organisations.name })
				.from(organisations)
				.where(eq(organisations.id, organisationId))
				.get()
		: undefined
	const group = groupId
		? db.select({ name: groups.name }).from(groups).where(eq(groups.id, groupId)).get()
		: undefined
	return { organisationName: organisation?.name ?? null, groupName: group?.name ?? null }
}

/** The lines of an e-mail that say what the person joins. */
function targetLines(
	t: ReturnType<typeof createTranslator>,
	target: {
		groupName: string | null
		groupRole: GroupRole | null
		organisationName: string | null
		isAdmin: boolean
	},
) {
	const lines: string[] = []
	if (target.groupName) {
		lines.push(
			t('groups.invite.mail.group', {
				group: target.groupName,
				role: t(`groups.role.${target.groupRole ?? 'member'}`),
			}),
		)
	}
	if (target.organisationName) {
		lines.push(t('groups.invite.mail.organisation', { organisation: target.organisationName }))
	}
	if (target.isAdmin) lines.push(t('groups.invite.mail.admin'))
	return lines
}

export type InvitationOutcome =
	| { status: 'invited'; invitationId: string; mailStatus: 'stored' | 'sent' | 'failed' }
	| { status: 'added'; userId: string; mailStatus: 'stored' | 'sent' | 'failed' }
	| { status: 'unchanged'; userId: string }

/**
 * The success message for the page after an invitation. When the mail did not go out, the link
 * is not in the outbox either (it keeps links masked): the message points to Správa → Čekající
 * pozvánky, where an administrator creates a new link to pass on.
 */
export function invitationNotice(outcome: InvitationOutcome) {
	if (outcome.status === 'unchanged') return 'notice.invitationNothingToDo' as const
	if (outcome.status === 'added') return 'notice.invitationMemberAdded' as const
	if (outcome.mailStatus === 'sent') return 'notice.invitationSent' as const
	if (outcome.mailStatus === 'failed') return 'notice.invitationLinkMailFailed' as const
	return 'notice.invitationLinkNotMailed' as const
}

/**
 * Invites someone by e-mail. A new address gets a single-use link (only its hash is stored).
 * Someone who already has an account is added to the group and organisation straight away and
 * gets a short notification instead. Throws InvitationNotAllowedError when the inviter may not
 * invite there.
 */
export async function createInvitation(
	request: InvitationRequest,
	now = new Date(),
): Promise<InvitationOutcome> {
	const email = normalizeEmail(request.email)
	const groupId = request.groupId || null
	const organisationId = request.organisationId || null
	const groupRole = groupId ? (request.groupRole ?? 'member') : null
	const isAdmin = Boolean(request.isAdmin)
	const denied = checkInvitationAllowed(request.invitedBy, { groupId, organisationId, isAdmin })
	if (denied) throw new InvitationNotAllowedError(denied)

	const t = createTranslator(request.locale)
	const { baseUrl } = getEnv()
	const names = describeTarget(organisationId, groupId)
	const existing = findUserByEmail(email)
	if (existing) {
		const changed = addExistingUser(existing.id, { groupId, groupRole, organisationId, isAdmin })
		if (!changed) return { status: 'unchanged', userId: existing.id }
		const url = groupId ? `${baseUrl}/groups/${groupId}` : `${baseUrl}/`
		const lines = targetLines(t, { ...names, groupRole, isAdmin: isAdmin && !existing.isAdmin })
		const mail = await sendMail({
			to: email,
			subject: t('groups.invite.mailAdded.subject'),
			text: [
				t('groups.invite.mail.greeting'),
				'',
				t('groups.invite.mailAdded.intro', { inviter: request.invitedBy.name }),
				'',
				...lines,
				'',
				t('groups.invite.mailAdded.link'),
				'',
				url,
			].join('\n'),
			kind: 'membership',
		})
		return { status: 'added', userId: existing.id, mailStatus: mail.status }
	}

	const token = generateSecureRandomString()
	const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS)
	const invitation = getDb()
		.insert(invitations)
		.values({
			email,
			name: request.name?.trim() || null,
			tokenHash: hashToken(token),
			invitedById: request.invitedBy.id,
			organisationId,
			groupId,
			groupRole,
			isAdmin,
			createdAt: now,
			expiresAt,
		})
		.returning({ id: invitations.id })
		.get()
	const url = invitationUrl(token)
	const lines = targetLines(t, { ...names, groupRole, isAdmin })
	const mail = await sendMail({
		to: email,
		subject: t('groups.invite.mail.subject'),
		text: [
			t('groups.invite.mail.greeting'),
			'',
			t('groups.invite.mail.intro', { inviter: request.invitedBy.name }),
			...(lines.length ? ['', ...lines] : []),
			'',
			t('groups.invite.mail.link', { date: formatDate(expiresAt, request.locale) }),
			'',
			url,
			'',
			t('groups.invite.mail.ignore'),
		].join('\n'),
		kind: 'invitation',
	})
	return { status: 'invited', invitationId: invitation.id, mailStatus: mail.status }
}

/** Adds an existing account where the invitation points; true when anything changed. */
function addExistingUser(
	userId: string,
	target: {
		groupId: string | null
		groupRole: GroupRole | null
		organisationId: string | null
		isAdmin: boolean
	},
) {
	return getDb().transaction((tx) => {
		let changed = false
		if (target.groupId) {
			// Someone already in the group keeps their role, so an invitation never demotes anyone.
			const result = tx
				.insert(groupMembers)
				.values({ groupId: target.groupId, userId, role: target.groupRole ?? 'member' })
				.onConflictDoNothing()
				.run()
			changed ||= result.changes > 0
		}
		if (target.organisationId) {
			const result = tx
				.insert(organisationMembers)
				.values({ organisationId: target.organisationId, userId })
				.onConflictDoNothing()
				.run()
			changed ||= result.changes > 0
		}
		if (target.isAdmin) {
			const result = tx
				.update(users)
				.set({ isAdmin: true })
				.where(and(eq(users.id, userId), eq(users.isAdmin, false)))
				.run()
			changed ||= result.changes > 0
		}
		return changed
	})
}

const inviters = alias(users, 'inviter')

function invitationColumns() {
	return {
		id: invitations.id,
		email: invitations.email,
		name: invitations.name,
		inviterName: inviters.name,
		organisationId: invitations.organisationId,
		organisationName: organisations.name,
		groupId: invitations.groupId,
		groupName: groups.name,
		groupRole: invitations.groupRole,
		isAdmin: invitations.isAdmin,
		createdAt: invitations.createdAt,
		expiresAt: invitations.expiresAt,
		acceptedAt: invitations.acceptedAt,
		revokedAt: invitations.revokedAt,
	}
}

function selectInvitations() {
	return getDb()
		.select(invitationColumns())
		.from(invitations)
		.leftJoin(inviters, eq(inviters.id, invitations.invitedById))
		.leftJoin(organisations, eq(organisations.id, invitations.organisationId))
		.leftJoin(groups, eq(groups.id, invitations.groupId))
}

export type InvitationState = 'valid' | 'invalid' | 'expired' | 'used' | 'revoked'

/** What a token leads to, with the reason when it cannot be used. */
export function inspectInvitation(token: string, now = new Date()) {
	const row = token
		? selectInvitations()
				.where(eq(invitations.tokenHash, hashToken(token)))
				.get()
		: undefined
	if (!row) return { state: 'invalid' as const, invitation: null }
	const state: InvitationState = row.acceptedAt
		? 'used'
		: row.revokedAt
			? 'revoked'
			: row.expiresAt.getTime() <= now.getTime()
				? 'expired'
				: 'valid'
	return { state, invitation: row }
}

/** The invitation a token belongs to, if it can still be accepted; else null. */
export function findValidInvitation(token: string, now = new Date()) {
	const { state, invitation } = inspectInvitation(token, now)
	return state === 'valid' ? invitation : null
}

export type AcceptResult =
	| { ok: true; userId: string; groupId: string | null }
	| { ok: false; reason: Exclude<InvitationState, 'valid'> | 'accountExists' }

/**
 * Accepts an invitation: creates the account, its organisation membership and group role, and
 * marks the invitation accepted — all in one transaction, so a crash or a second click leaves
 * either everything or nothing. The invitation is claimed by a conditional update, so two
 * submissions of the same link cannot both create an account.
 */
export async function acceptInvitation(
	token: string,
	input: { name: string; password: string; locale?: Locale },
	now = new Date(),
): Promise<AcceptResult> {
	const checked = inspectInvitation(token, now)
	if (checked.state !== 'valid') return { ok: false, reason: checked.state }
	const passwordHash = await hashPassword(input.password)
	const tokenHash = hashToken(token)
	try {
		return getDb().transaction((tx): AcceptResult => {
			const claimed = tx
				.update(invitations)
				.set({ acceptedAt: now })
				.where(
					and(
						eq(invitations.tokenHash, tokenHash),
						isNull(invitations.acceptedAt),
						isNull(invitations.revokedAt),
						gt(invitations.expiresAt, now),
					),
				)
				.returning({
					email: invitations.email,
					organisationId: invitations.organisationId,
					groupId: invitations.groupId,
					groupRole: invitations.groupRole,
					isAdmin: invitations.isAdmin,
				})
				.get()
			if (!claimed) return { ok: false, reason: 'used' }
			const taken = tx
				.select({ id: users.id })
				.from(users)
				.where(eq(users.email, claimed.email))
				.get()
			if (taken) tx.rollback()
			const user = tx
				.insert(users)
				.values({
					email: claimed.email,
					name: input.name.trim(),
					passwordHash,
					isAdmin: claimed.isAdmin,
					locale: input.locale ?? 'cs',
				})
				.returning({ id: users.id })
				.get()
			if (claimed.organisationId) {
				tx.insert(organisationMembers)
					.values({ organisationId: claimed.organisationId, userId: user.id })
					.run()
			}
			if (claimed.groupId) {
				tx.insert(groupMembers)
					.values({
						groupId: claimed.groupId,
						userId: user.id,
						role: claimed.groupRole ?? 'member',
					})
					.run()
			}
			return { ok: true, userId: user.id, groupId: claimed.groupId }
		})
	} catch (error) {
		// Rolled back because the address already has an account (made since the invitation).
		if (
			error instanceof TransactionRollbackError ||
			(error instanceof Error && /UNIQUE constraint failed: users\.email/.test(error.message))
		) {
			return { ok: false, reason: 'accountExists' }
		}
		throw error
	}
}

/** Cancels a pending invitation; true when there was one to cancel. */
export function revokeInvitation(invitationId: string, now = new Date()) {
	const result = getDb()
		.update(invitations)
		.set({ revokedAt: now })
		.where(
			and(
				eq(invitations.id, invitationId),
				isNull(invitations.acceptedAt),
				isNull(invitations.revokedAt),
			),
		)
		.run()
	return result.changes > 0
}

/**
 * A new link for an invitation nobody has accepted or cancelled yet, valid for another
 * INVITATION_LIFETIME_MS; the previous link stops working. The link is returned once, for the
 * administrator to pass on (mail that was not sent keeps only a masked link); only its hash is
 * stored. Null when the invitation is no longer pending.
 */
export function renewInvitationLink(invitationId: string, now = new Date()) {
	const token = generateSecureRandomString()
	const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS)
	const renewed = getDb()
		.update(invitations)
		.set({ tokenHash: hashToken(token), expiresAt })
		.where(
			and(
				eq(invitations.id, invitationId),
				isNull(invitations.acceptedAt),
				isNull(invitations.revokedAt),
			),
		)
		.returning({ email: invitations.email })
		.get()
	if (!renewed) return null
	return { email: renewed.email, url: invitationUrl(token), expiresAt }
}

/** Invitations neither accepted nor cancelled, newest first; expired ones are marked. */
export function listPendingInvitations(now = new Date()) {
	return selectInvitations()
		.where(and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
		.orderBy(desc(invitations.createdAt))
		.all()
		.map(({ acceptedAt: _a, revokedAt: _r, ...row }) => ({
			...row,
			expired: row.expiresAt.getTime() <= now.getTime(),
		}))
}
