import * as Y from 'yjs'

/**
 * "Who wrote what" must come from the session, not from the client. Two conventions in a Y.Doc
 * say who somebody is, and the engine guards both for every document kind:
 * - `users`: Y.PermanentUserData's map, user id → { ids: client ids, ds: deletions } (a Yjs
 *   convention). The minutes' authorship colours and version history read it.
 * - name maps the app declares (`userNameMaps`, e.g. the minutes' `authors`): user id → display
 *   name, for a legend of authors.
 * In both a connection may write only under its own user id; name entries must carry the
 * session's name; a client id may be tied only to the user whose connection writes with it;
 * and nobody may write changes under a client id that is tied to somebody else.
 */
export const PERMANENT_USER_DATA_MAP = 'users'

/** The top-level maps that say who somebody is: every one, and the user id → name ones. */
export type IdentityMaps = { all: ReadonlySet<string>; names: ReadonlySet<string> }

export function identityMaps(userNameMaps: readonly string[] = []): IdentityMaps {
	return {
		all: new Set([PERMANENT_USER_DATA_MAP, ...userNameMaps]),
		names: new Set(userNameMaps),
	}
}

/** Any shared type (Yjs types them by their event; the check does not care). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyType = Y.AbstractType<any>

/** Where an item lies: in which identity map, under which user key, directly or nested. */
type Place = { map: string; key: string | null; direct: boolean } | null

type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

export type IdentityCheck = {
	/** Why the update is refused, or null when it may be applied. */
	refusal: string | null
	/** The update writes into an identity map (the attribution cache must be rebuilt). */
	touches: boolean
}

/**
 * client id → user id as the document's `users` map says now (entries of
 * Y.PermanentUserData, non-deleted only, the first user wins for a client id listed twice).
 */
export function readAttribution(doc: Y.Doc) {
	const attribution = new Map<number, string>()
	const users = doc.share.get(PERMANENT_USER_DATA_MAP)
	if (!users) return attribution
	for (const [userId, entry] of users._map) {
		if (entry.deleted || !(entry.content instanceof Y.ContentType)) continue
		const ids = entry.content.type._map.get('ids')
		if (!ids || ids.deleted || !(ids.content instanceof Y.ContentType)) continue
		for (let item = ids.content.type._start; item !== null; item = item.right) {
			if (item.deleted || !(item.content instanceof Y.ContentAny)) continue
			for (const value of item.content.getContent())
				if (typeof value === 'number' && !attribution.has(value)) attribution.set(value, userId)
		}
	}
	return attribution
}

/**
 * Checks a decoded client update before it is applied to `doc` (see `IdentityMaps`). Items whose
 * place cannot be found (they depend on changes the server has not got) are not integrated by
 * Yjs either, so they are not judged here.
 */
export function checkIdentityWrites(
	doc: Y.Doc,
	decoded: DecodedUpdate,
	user: { id: string; name: string },
	/** The user a client id belongs to (see `Document.ownerOfClient`), if known. */
	ownerOf: (clientId: number) => string | undefined,
	maps: IdentityMaps,
): IdentityCheck {
	const roots = new Map<AnyType, string>()
	for (const name of maps.all) {
		const type = doc.share.get(name)
		if (type) roots.set(type, name)
	}
	const mentionsIdentity = decoded.structs.some(
		(struct) =>
			struct instanceof Y.Item && typeof struct.parent === 'string' && maps.all.has(struct.parent),
	)
	const ownClients = new Set<number>()
	for (const struct of decoded.structs) {
		// What the document has already (a full state sent again, say) changes nothing.
		if (struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue
		const owner = ownerOf(struct.id.client)
		if (owner !== undefined && owner !== user.id)
			return { refusal: 'changes under a client id of another user', touches: false }
		ownClients.add(struct.id.client)
	}
	if (roots.size === 0 && !mentionsIdentity) return { refusal: null, touches: false }

	// Items of this update by client, for references inside the update itself.
	const inUpdate = new Map<number, Y.Item[]>()
	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item)) continue
		const list = inUpdate.get(struct.id.client)
		if (list) list.push(struct)
		else inUpdate.set(struct.id.client, [struct])
	}
	const findInUpdate = (id: Y.ID) =>
		inUpdate
			.get(id.client)
			?.find((item) => item.id.clock <= id.clock && id.clock < item.id.clock + item.length) ?? null
	const findInStore = (id: Y.ID) => {
		if (Y.getState(doc.store, id.client) <= id.clock) return null
		const struct = Y.getItem(doc.store, id)
		return struct instanceof Y.Item ? struct : null
	}

	const typePlaces = new Map<AnyType, Place>()
	/** The place of an integrated item: walk up its parents to the root. */
	const placeInStore = (item: Y.Item): Place => {
		const parent = item.parent as AnyType
		const root = roots.get(parent)
		if (root !== undefined) return { map: root, key: item.parentSub, direct: true }
		if (parent._item === null) return null
		let place = typePlaces.get(parent)
		if (place === undefined) {
			const above = placeInStore(parent._item)
			place = above && { ...above, direct: false }
			typePlaces.set(parent, place)
		}
		return place
	}
	const updatePlaces = new Map<Y.Item, Place | undefined>()
	/** The place of an item of this update: from its parent, or from a neighbour's. */
	const placeOf = (item: Y.Item, depth = 0): Place | undefined => {
		if (updatePlaces.has(item)) return updatePlaces.get(item)
		// Guards against a hostile update whose items refer to each other in a circle.
		if (depth > 10_000) return undefined
		let place: Place | undefined
		const parent = item.parent as unknown
		if (typeof parent === 'string') {
			place = maps.all.has(parent) ? { map: parent, key: item.parentSub, direct: true } : null
		} else if (parent instanceof Y.ID) {
			const container = findInUpdate(parent) ?? findInStore(parent)
			const above = container
				? container.parent instanceof Y.AbstractType
					? placeInStore(container)
					: placeOf(container, depth + 1)
				: undefined
			place = above === undefined ? undefined : above && { ...above, direct: false }
		} else {
			const reference = item.origin ?? item.rightOrigin
			const neighbour = reference ? (findInUpdate(reference) ?? findInStore(reference)) : null
			place = neighbour
				? neighbour.parent instanceof Y.AbstractType
					? placeInStore(neighbour)
					: placeOf(neighbour, depth + 1)
				: undefined
		}
		updatePlaces.set(item, place)
		return place
	}

	let touches = false
	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item)) continue
		if (struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue
		const place = placeOf(struct)
		if (!place) continue
		touches = true
		if (place.key !== user.id) return { refusal: `writes in ${place.map} of another user`, touches }
		const content = struct.content
		if (maps.names.has(place.map) && place.direct) {
			const [value] = content instanceof Y.ContentAny ? content.getContent() : []
			if (value !== user.name) return { refusal: 'an author name other than the session', touches }
		}
		if (place.map === PERMANENT_USER_DATA_MAP && !place.direct && content instanceof Y.ContentAny) {
			for (const value of content.getContent()) {
				if (typeof value !== 'number') continue
				const owner = ownerOf(value)
				if (owner === user.id || (owner === undefined && ownClients.has(value))) continue
				return { refusal: 'a client id mapped that the connection does not write with', touches }
			}
		}
	}

	// Deletions: nobody removes another user's identity entries.
	if (roots.size > 0) {
		for (const [client, ranges] of decoded.ds.clients) {
			const structs = doc.store.clients.get(client)
			if (!structs) continue
			for (const range of ranges) {
				const end = Math.min(range.clock + range.len, Y.getState(doc.store, client))
				if (range.clock >= end) continue
				for (let index = Y.findIndexSS(structs, range.clock); index < structs.length; index++) {
					const struct = structs[index]!
					if (struct.id.clock >= end) break
					if (!(struct instanceof Y.Item) || struct.deleted) continue
					const place = placeInStore(struct)
					if (!place) continue
					touches = true
					if (place.key !== user.id)
						return { refusal: `deletes in ${place.map} of another user`, touches }
				}
			}
		}
	}
	return { refusal: null, touches }
}
