/**
 * The most characters any one request carries: every string in the contract is at most this long,
 * so each transport can bound its frames (issue 10). A larger import goes in parts
 * (`conversations.importPart`), each at most this long.
 */
export const MAX_REQUEST_CHARS = 1_000_000
