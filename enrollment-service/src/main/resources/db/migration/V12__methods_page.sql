-- The user's own methods page (issue 16 item 3, decision 0090). The platform asks for a single-use,
-- short-lived link; opening it claims the row once (opened_at) and starts a page session whose
-- secret the browser keeps in a cookie. Only SHA-256 hashes of the link and the session secret are
-- kept, so a database dump opens no page.
CREATE TABLE methods_page_link (
    link_hash          text PRIMARY KEY,
    tenant_id          text NOT NULL,
    user_id            text NOT NULL,
    expires_at         timestamptz NOT NULL,
    return_url         text,
    opened_at          timestamptz,
    session_hash       text UNIQUE,
    session_expires_at timestamptz
);
CREATE INDEX methods_page_link_by_expiry ON methods_page_link (expires_at);

-- "Change the phone number" opens a wizard session at the phone step that names the phone it
-- replaces; the new phone carries it, and only once the new number is verified is the old one removed.
ALTER TABLE wizard_session ADD COLUMN replaces_phone uuid;
ALTER TABLE phone_method ADD COLUMN replaces uuid;
