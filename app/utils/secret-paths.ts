/**
 * Routes whose address holds a secret token: whoever has the link can set a password, create an
 * account, answer a date poll or read someone's calendar. The one list behind both the mail
 * outbox's masking (app/mail/secret-links.ts) and the request log's redaction (logger.server.ts).
 */
export const SECRET_LINK_PATHS = ['invite', 'reset-password', 'poll', 'calendar'] as const
