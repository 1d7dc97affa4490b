// Shared by the territory pages (browser) and territory.server.ts.

/** Longer queries are cut: no Czech place name is this long, and it bounds the LIKE pattern. */
export const MAX_QUERY_LENGTH = 100
