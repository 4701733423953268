-- Public links to a file. Only the SHA-256 of a link's token is kept (the token has 256 random
-- bits, so a fast hash is enough); a link password is kept as an Argon2id hash.
-- pinned = false: the link serves the file's current version at the moment of each download.
-- pinned = true: it serves version_id only; when that version is deleted, version_id becomes null
-- and the link is gone for good (410), rather than silently serving other content.
-- Deleting the file deletes its links.
create table links (
	id            varchar(36)  not null,
	file_id       varchar(36)  not null,
	token_hash    varchar(64)  not null,
	created_by    varchar(36)  not null,
	created_at    bigint       not null,
	expires_at    bigint,
	password_hash varchar(255),
	max_downloads int,
	used          int          not null,
	last_used_at  bigint,
	pinned        boolean      not null,
	version_id    varchar(36),
	revoked       boolean      not null,
	revoked_at    bigint,
	constraint links_pk primary key (id),
	constraint links_token_hash_uk unique (token_hash),
	constraint links_file_fk foreign key (file_id) references files (id) on delete cascade,
	constraint links_version_fk foreign key (version_id) references file_versions (id) on delete set null
);

create index links_file_ix on links (file_id);
