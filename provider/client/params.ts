/** Request parameter types of the typed client methods (the form fields Mailgun documents). */

export interface CreateDomainParams {
  name: string;
  /** Password of the default postmaster@<name> SMTP login (5-32 characters). Never logged. */
  smtp_password?: string;
  spam_action?: "disabled" | "block" | "tag";
  wildcard?: boolean;
  force_dkim_authority?: boolean;
  force_root_dkim_host?: boolean;
  dkim_host_name?: string;
  dkim_key_size?: 1024 | 2048 | "1024" | "2048";
  dkim_selector?: string;
  /** Comma-separated IPs. */
  ips?: string;
  pool_id?: string;
  web_scheme?: "http" | "https";
  web_prefix?: string;
  require_tls?: boolean;
  skip_verification?: boolean;
  use_automatic_sender_security?: boolean;
  encrypt_incoming_message?: boolean;
  archive_to?: string;
  message_ttl?: number;
}

export interface UpdateDomainParams {
  smtp_password?: string;
  spam_action?: "disabled" | "block" | "tag";
  wildcard?: boolean;
  web_scheme?: "http" | "https";
  web_prefix?: string;
  require_tls?: boolean;
  skip_verification?: boolean;
  use_automatic_sender_security?: boolean;
  archive_to?: string;
  mailfrom_host?: string;
  message_ttl?: number;
}

export interface RouteParams {
  priority: number;
  description: string;
  expression: string;
  actions: string[];
}

export interface CreateKeyParams {
  role: string;
  kind?: string;
  domain_name?: string;
  description?: string;
  /** Lifetime in seconds. */
  expiration?: number;
  /** Web keys: the user the key is for. */
  user_id?: string;
  user_name?: string;
  email?: string;
}

export interface AccountWebhookParams {
  url: string;
  event_types: string[];
  description: string;
}
