-- End-to-end encrypted files (docs/SECURITY.md, "End-to-end encrypted files"). The client
-- encrypts such a version before upload under a fresh file key of its own; the server stores the
-- ciphertext like any content (its own at-rest encryption on top) and can decrypt neither it nor
-- the file key.
--
-- end_to_end: the version's content is the client's ciphertext. Its size and SHA-256 are the
-- ciphertext's; the server tells no preview type from it (preview_type NONE).
alter table file_versions add column end_to_end boolean default false not null;

-- A user's public key (HPKE, X25519), registered by the client that holds the private key. One
-- per user: a new one would leave every file wrapped to the old one unreadable, so it is not
-- replaced through the API. public_key is the raw key in base64, fingerprint the SHA-256 of it
-- in hex, as clients show and compare it.
create table user_public_keys (
	user_id     varchar(36)  not null,
	algorithm   varchar(64)  not null,
	public_key  varchar(100) not null,
	fingerprint varchar(64)  not null,
	created_at  bigint       not null,
	constraint user_public_keys_pk primary key (user_id),
	constraint user_public_keys_user_fk foreign key (user_id) references users (id) on delete cascade
);

-- A version's file key, wrapped by the file's owner to one recipient's public key (the owner
-- included): what that recipient's client unwraps to decrypt the version. Goes with the version,
-- and with the recipient's account; revoking a share deletes the recipient's rows of that file.
create table version_wrapped_keys (
	version_id   varchar(36)  not null,
	recipient_id varchar(36)  not null,
	wrapped_key  varchar(400) not null,
	created_at   bigint       not null,
	constraint version_wrapped_keys_pk primary key (version_id, recipient_id),
	constraint version_wrapped_keys_version_fk foreign key (version_id) references file_versions (id)
		on delete cascade,
	constraint version_wrapped_keys_recipient_fk foreign key (recipient_id) references users (id)
		on delete cascade
);

create index version_wrapped_keys_recipient_ix on version_wrapped_keys (recipient_id);
