// What a Go string literal's value alone says, for the literal rules that look at every literal of a
// file at every keystroke: kept with an edited document's literal for as long as it is unchanged.
import type { Node } from 'web-tree-sitter';
import { editedSubtreeFact, stringValue } from '../languages/go';
import { connectionString, credentialInUrl, type BackingService, type CredentialUrl } from '../util/literals';

/** The backing service a literal's value is a connection string of (`connectionString`). */
export const literalConnectionString: (literal: Node) => BackingService | undefined = nullable(
  editedSubtreeFact((literal) => connectionString(stringValue(literal)) ?? null),
);

/** The credential a literal's value carries in a URL or DSN (`credentialInUrl`). */
export const literalCredentialUrl: (literal: Node) => CredentialUrl | undefined = nullable(
  editedSubtreeFact((literal) => credentialInUrl(stringValue(literal)) ?? null),
);

/** Facts are kept when defined: "none" is kept as null. */
function nullable<A, T>(fact: (arg: A) => T | null): (arg: A) => T | undefined {
  return (arg) => fact(arg) ?? undefined;
}
