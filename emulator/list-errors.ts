/** Errors of the mailing-list service (`/v3/lists...`), with their sources (api-notes §7.2). */
import { BadRequest, NotFound } from "./errors";

/** spec op=get-v3-lists-address (and PUT/DELETE) 404 example. */
export class ListNotFound extends NotFound {
  constructor(address: string) { super(`Mailing list ${address} not found`); }
}

/** spec op=delete-lists-list_address-members-member_address 404 example. */
export class MemberNotFound extends NotFound {
  constructor(member: string, list: string) { super(`Member ${member} of mailing list ${list} not found`); }
}

/** spec op=post-lists-string:list_address-members 400 example; mailgun-php #629 shows "Address already exists". */
export class MemberExists extends BadRequest {
  constructor(address: string) { super(`Address already exists '${address}'`); }
}

/** Our wording: no source shows Mailgun's answer to creating a list whose address is taken. */
export class ListExists extends BadRequest {
  constructor(address: string) { super(`Mailing list ${address} already exists`); }
}

/** spec op=post-v3-lists 400 example 1. */
export class InvalidAccessLevel extends BadRequest {
  constructor(value: string) { super(`Invalid access level '${value}'. It can be any of: 'readonly', 'members', 'everyone'.`); }
}

/** spec op=post-v3-lists 400 example 2. */
export class InvalidReplyPreference extends BadRequest {
  constructor(value: string) { super(`Invalid reply preference '${value}'. It can be any of: 'sender', 'list'`); }
}
